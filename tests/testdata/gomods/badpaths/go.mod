module example.com/badpaths

go 1.22
