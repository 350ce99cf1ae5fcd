module example.com/linkedmod

go 1.22
