package varinit

import "testing"

func TestOK(t *testing.T) {}
