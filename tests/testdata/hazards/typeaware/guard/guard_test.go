package guard

import "testing"

func TestOK(t *testing.T) {}
