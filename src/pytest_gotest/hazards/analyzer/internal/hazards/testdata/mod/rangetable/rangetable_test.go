package rangetable

import "testing"

func TestOK(t *testing.T) {}
