package field

import "testing"

func TestOK(t *testing.T) {}
