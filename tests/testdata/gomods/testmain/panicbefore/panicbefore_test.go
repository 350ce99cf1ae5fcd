package panicbefore

import "testing"

func TestMain(m *testing.M) {
	panic("panicbefore: fixture setup exploded")
}

func TestA(t *testing.T) {}
