module example.com/logfirst

go 1.22
