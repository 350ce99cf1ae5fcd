package a

import "testing"

func TestOK(t *testing.T) {}
