package deferflag

import "testing"

func TestOK(t *testing.T) {}
