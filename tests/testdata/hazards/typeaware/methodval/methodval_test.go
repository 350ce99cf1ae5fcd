package methodval

import "testing"

func TestOK(t *testing.T) {}
