package calc

import "testing"

func TestAdd(t *testing.T) {
	t.Log("adding 1 and 1")
	if got := Add(1, 1); got != 2 {
		t.Errorf("Add(1, 1) = %d, want %d", got, 2)
	}
}

func TestSubFails(t *testing.T) {
	t.Log("about to check Sub")
	got, want := Sub(5, 3), 3 // deliberately wrong expectation
	if got != want {
		t.Errorf("Sub(5, 3) = %d, want %d", got, want)
		t.Errorf("second failure line\nspans two lines: got=%d", got)
	}
}

func TestSkipped(t *testing.T) {
	t.Skip("needs a database")
}

func TestTable(t *testing.T) {
	cases := []struct {
		name       string
		a, b, want int
	}{
		{"one plus one", 1, 1, 2},
		{"zero", 0, 0, 0},
		{"negative", -1, -2, -3},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Add(tc.a, tc.b); got != tc.want {
				t.Errorf("Add(%d, %d) = %d, want %d", tc.a, tc.b, got, tc.want)
			}
		})
	}
}

// TestNames exercises subtest-name rewriting: spaces become underscores,
// "/" nests, duplicates get a "#01" suffix, and other characters are kept.
func TestNames(t *testing.T) {
	for _, name := range []string{"a b", "x/y", "p(1)", "q.r", "dup", "dup", "case[1]", "UPPER"} {
		t.Run(name, func(t *testing.T) {
			t.Log("subtest", name)
		})
	}
	t.Run("nested", func(t *testing.T) {
		t.Run("deep", func(t *testing.T) {
			t.Log("deep subtest")
		})
	})
}

func TestSubFail(t *testing.T) {
	t.Run("good", func(t *testing.T) {
		if Add(2, 2) != 4 {
			t.Error("Add(2, 2) != 4")
		}
	})
	t.Run("bad case", func(t *testing.T) {
		t.Errorf("Add(2, 2) = %d, want %d", Add(2, 2), 5)
	})
}

// helperNotATest has a *testing.T parameter but no Test prefix, so Go does
// not run it.
func helperNotATest(t *testing.T) {
	t.Helper()
	t.Fatal("helperNotATest must never run")
}

func BenchmarkAdd(b *testing.B) {
	for i := 0; i < b.N; i++ {
		Add(i, i)
	}
}
