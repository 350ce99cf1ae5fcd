module example.com/covlinedirs

go 1.22
