package bad

import "testing"

func TestOK(t *testing.T) {}
