module example.com/timeouts

go 1.22
