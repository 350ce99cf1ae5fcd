package h6

import "os"

var data, _ = os.ReadFile("testdata/in.txt")

var rd, _ = os.OpenFile("testdata/in.txt", os.O_RDONLY, 0)
