module example.com/plugmod

go 1.22
