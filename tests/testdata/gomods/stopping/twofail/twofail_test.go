package twofail

import (
	"testing"
	"time"
)

func TestPassA(t *testing.T) {}

func TestFailB(t *testing.T) {
	t.Fatal("first failure")
}

func TestPassC(t *testing.T) {}

func TestFailD(t *testing.T) {
	t.Fatal("second failure")
}

func TestSlowE(t *testing.T) {
	time.Sleep(60 * time.Second)
}
