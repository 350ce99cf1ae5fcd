// Command tool has no tests and builds: go test ./... says "[no test files]".
package main

import (
	"fmt"

	"example.com/untested/lib"
)

func main() { fmt.Println(lib.Answer()) }
