module example.com/liba

go 1.22
