package reach

import "testing"

func TestOK(t *testing.T) {}
