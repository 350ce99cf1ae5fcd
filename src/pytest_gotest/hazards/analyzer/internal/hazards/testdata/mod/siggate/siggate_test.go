package siggate

import "testing"

func TestOK(t *testing.T) {}
