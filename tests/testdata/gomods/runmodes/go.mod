module example.com/runmodes

go 1.22
