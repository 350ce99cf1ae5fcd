package bufchan

import "testing"

func TestOK(t *testing.T) {}
