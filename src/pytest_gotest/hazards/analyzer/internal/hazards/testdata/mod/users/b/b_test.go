package b

import "testing"

func TestUser(t *testing.T) {}
