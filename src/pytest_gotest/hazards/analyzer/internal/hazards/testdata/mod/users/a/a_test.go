package a

import "testing"

func TestUser(t *testing.T) {}
