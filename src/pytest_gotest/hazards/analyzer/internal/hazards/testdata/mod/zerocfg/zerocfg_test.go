package zerocfg

import "testing"

func TestOK(t *testing.T) {}
