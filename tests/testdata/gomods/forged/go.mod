module example.com/forged

go 1.22
