module example.com/guardeddep

go 1.22
