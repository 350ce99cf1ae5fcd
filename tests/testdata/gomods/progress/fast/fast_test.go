package fast

import "testing"

func TestFast(t *testing.T) {}
