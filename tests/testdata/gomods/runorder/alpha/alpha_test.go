package alpha

import "testing"

func TestAlpha(t *testing.T) {}
