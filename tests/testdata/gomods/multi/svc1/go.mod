module example.com/svc1

go 1.22
