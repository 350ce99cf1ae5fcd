package uses

import "testing"

func TestUses(t *testing.T) { _ = Name() }
