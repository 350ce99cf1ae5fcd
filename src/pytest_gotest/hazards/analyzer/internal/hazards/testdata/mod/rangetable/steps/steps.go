// Package steps: a table of functions another package's init ranges over.
package steps

import "os"

var All = []func(){prepare}

func prepare() {
	os.MkdirAll("cache", 0o755) // want "H6: init writes to the file system: os.MkdirAll"
}
