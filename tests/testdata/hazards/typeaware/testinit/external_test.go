package testinit_test

import (
	"os"
	"testing"

	"example.com/typeaware/testinit"
	"example.com/typeaware/testinit/helper"
)

var logFile, _ = os.Create("test.log") // H6 in an external test package

var value testinit.T = helper.New()

func TestExternal(t *testing.T) {}
