module example.com/volume

go 1.22
