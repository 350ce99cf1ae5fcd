module example.com/fuzzcorpus

go 1.22
