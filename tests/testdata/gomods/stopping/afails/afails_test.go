package afails

import (
	"testing"
	"time"
)

func TestFails(t *testing.T) {
	t.Fatal("fails at once")
}

func TestSlow(t *testing.T) {
	time.Sleep(60 * time.Second)
}
