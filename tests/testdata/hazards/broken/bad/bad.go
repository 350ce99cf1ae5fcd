package bad

import "os"

var n int = "not an int"

func init() {
	os.Exit(1) // H3: still found in a package with type errors
}
