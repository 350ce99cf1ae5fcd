module example.com/stopping

go 1.22
