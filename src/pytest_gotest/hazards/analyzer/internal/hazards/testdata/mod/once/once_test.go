package once

import "testing"

func TestOK(t *testing.T) {}
