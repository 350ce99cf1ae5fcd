package alias

import "testing"

func TestOK(t *testing.T) {}
