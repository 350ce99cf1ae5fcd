package bad

import "os"

var n int = "not a number"

func init() {
	os.Exit(2) // want "H3: os.Exit"
}
