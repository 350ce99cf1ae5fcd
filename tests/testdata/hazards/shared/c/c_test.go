package c

import "testing"

func TestOK(t *testing.T) {}
