package other

import "testing"

func TestOK(t *testing.T) {}
