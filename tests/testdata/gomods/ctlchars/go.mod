module example.com/ctlchars

go 1.22
