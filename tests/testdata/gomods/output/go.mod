module example.com/output

go 1.22
