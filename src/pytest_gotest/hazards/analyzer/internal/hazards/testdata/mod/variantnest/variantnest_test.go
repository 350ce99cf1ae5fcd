package variantnest

import "testing"

func TestDepth(t *testing.T) { _ = depth }
