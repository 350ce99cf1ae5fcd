module example.com/cgoheader

go 1.22
