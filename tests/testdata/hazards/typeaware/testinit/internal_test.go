package testinit

import (
	"os"
	"testing"
)

func init() {
	_ = os.Chdir("testdata") // H7 in an internal _test.go init
}

func TestInternal(t *testing.T) {}
