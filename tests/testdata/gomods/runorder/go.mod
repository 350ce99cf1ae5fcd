module example.com/runorder

go 1.22
