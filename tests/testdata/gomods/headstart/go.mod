module example.com/headstart

go 1.22
