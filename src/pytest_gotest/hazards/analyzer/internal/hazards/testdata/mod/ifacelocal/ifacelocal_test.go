package ifacelocal

import "testing"

func TestOK(t *testing.T) {}
