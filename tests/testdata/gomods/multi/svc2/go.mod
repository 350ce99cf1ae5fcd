module example.com/svc2

go 1.22
