module example.com/isolation

go 1.22
