module example.com/covtotals

go 1.22
