package onceshadow

import "testing"

func TestOK(t *testing.T) {}
