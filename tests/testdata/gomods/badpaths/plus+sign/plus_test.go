package plus

import "testing"

func TestPlus(t *testing.T) { t.Log("TestPlus ran") }
