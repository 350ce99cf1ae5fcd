package slow

import (
	"testing"
	"time"
)

func TestSlowToo(t *testing.T) {
	time.Sleep(60 * time.Second)
}
