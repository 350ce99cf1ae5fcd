package lib

import "os"

func init() {
	os.Setenv("PLUGMOD_LIB", "1")
}

func Name() string { return "lib" }
