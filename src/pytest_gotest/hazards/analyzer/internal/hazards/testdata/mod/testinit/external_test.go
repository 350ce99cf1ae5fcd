package testinit_test

import (
	"os"
	"testing"

	"example.com/want/testinit"
)

func init() {
	_ = os.WriteFile("testinit.out", nil, 0o644) // want "H6: init writes to the file system: os.WriteFile"
}

func TestExternal(t *testing.T) { _ = testinit.Value() }
