package t1

import (
	"testing"
)

func TestMain(m *testing.M) { // T1
	setup()
}

func setup() {}

func TestOK(t *testing.T) {}
