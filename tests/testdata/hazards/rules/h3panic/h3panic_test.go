package h3panic

import "testing"

func TestOK(t *testing.T) {}
