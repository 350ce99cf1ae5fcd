module example.com/typeaware

go 1.22
