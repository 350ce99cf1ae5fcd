package constarg

import "testing"

func TestOK(t *testing.T) {}
