package real

import "testing"

func TestReal(t *testing.T) { t.Log("TestReal ran") }
