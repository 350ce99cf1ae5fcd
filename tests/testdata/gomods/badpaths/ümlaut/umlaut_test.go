package umlaut

import "testing"

func TestUmlaut(t *testing.T) { t.Log("TestUmlaut ran") }
