module example.com/orphans

go 1.22
