package safe

import "testing"

func TestOK(t *testing.T) {}
