module example.com/repeats

go 1.22
