package at

import "testing"

func TestAt(t *testing.T) { t.Log("TestAt ran") }
