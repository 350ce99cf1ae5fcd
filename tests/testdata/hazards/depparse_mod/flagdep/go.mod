module example.com/flagdep

go 1.22
