package shapes

import "testing"

func TestArea(t *testing.T) {
	if (Größe{2, 3}).Area() != 6 {
		t.Fatal("area")
	}
}

func TestLabel(t *testing.T) {
	if Label("x") == "" {
		t.Fatal("label")
	}
}

func TestApply(t *testing.T) {
	got := Apply([]int{1, 2}, Doubler())
	if got[1] != 4 {
		t.Fatal(got)
	}
}

// TestFails fails on purpose: the coverage of a failing test still counts.
func TestFails(t *testing.T) {
	if Max(1, 2) != 2 {
		t.Fatal("max")
	}
	t.Error("fails on purpose")
}
