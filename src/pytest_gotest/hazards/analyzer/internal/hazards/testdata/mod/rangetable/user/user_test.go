package user

import "testing"

func TestOK(t *testing.T) {}
