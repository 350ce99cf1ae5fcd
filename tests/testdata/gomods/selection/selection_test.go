package selection

import "testing"

func TestAlpha(t *testing.T) {
	t.Log("TestAlpha")
}

func TestAlphaBeta(t *testing.T) {
	t.Log("TestAlphaBeta")
}

func TestBeta(t *testing.T) {
	t.Log("TestBeta")
}

func Test_under(t *testing.T) {
	t.Log("Test_under")
}
