module example.com/printedframes

go 1.22
