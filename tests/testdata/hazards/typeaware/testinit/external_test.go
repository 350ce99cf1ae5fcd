package testinit_test

import (
	"os"
	"testing"

	_ "example.com/typeaware/testinit"
)

var logFile, _ = os.Create("test.log") // H6 in an external test package

func TestExternal(t *testing.T) {}
