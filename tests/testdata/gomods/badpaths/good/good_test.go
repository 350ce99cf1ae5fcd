package good

import "testing"

func TestGood(t *testing.T) { t.Log("TestGood ran") }
