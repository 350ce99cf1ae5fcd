package good

import "testing"

func TestOK(t *testing.T) {}
