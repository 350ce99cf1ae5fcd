package h4

import (
	"flag"
	"os"
	"path/filepath"
)

var name = flag.String("name", "", "registration without Parse is fine")

var prog = filepath.Base(os.Args[0])
