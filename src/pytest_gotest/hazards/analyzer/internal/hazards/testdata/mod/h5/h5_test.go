package h5

import "testing"

func TestOK(t *testing.T) {}
