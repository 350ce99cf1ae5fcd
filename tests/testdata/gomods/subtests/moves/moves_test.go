package moves

import (
	"fmt"
	"os"
	"testing"
)

func TestMove(t *testing.T) {
	trace(t)
	t.Run("up", func(t *testing.T) {
		trace(t)
		t.Run("down", func(t *testing.T) {
			trace(t)
			if got := Step(Step(0, "up"), "down"); got != 1 {
				t.Errorf("Step(up, down) = %d, want 1", got)
			}
			t.Log("ran up/down")
		})
		t.Run("stay", func(t *testing.T) {
			trace(t)
			t.Log("ran up/stay")
		})
	})
	t.Run("left", func(t *testing.T) {
		trace(t)
		t.Log("ran left")
	})
}

func TestReverse(t *testing.T) {
	trace(t)
	for _, word := range []string{"", ""} {
		t.Run(word, func(t *testing.T) {
			trace(t)
			if word == "" {
				t.Error("empty word")
			}
			t.Log("ran an unnamed case")
		})
	}
}

func TestOdd(t *testing.T) {
	trace(t)
	for _, name := range []string{"with space", "brackets[1]", "a::b", "regexp.*(x)"} {
		t.Run(name, func(t *testing.T) {
			trace(t)
			t.Errorf("odd name %q failed", name)
			t.Log("ran", name)
		})
	}
	t.Run("fine", func(t *testing.T) {
		trace(t)
		t.Log("ran fine")
	})
}

// assertEqual mimics testify's assert.Equal: the message starts on the line after Go's
// "file.go:NN:" prefix, which then has nothing after it.
func assertEqual(t *testing.T, want, got int) {
	t.Helper()
	if want != got {
		t.Errorf("\n%s", fmt.Sprintf("\tError Trace:\tmoves_test.go\n\tError:      \tNot equal: \n\t            \texpected: %d\n\t            \tactual  : %d\n\tTest:       \t%s", want, got, t.Name()))
	}
}

func TestTestify(t *testing.T) {
	assertEqual(t, 2, Step(0, "up"))
}

func TestPass(t *testing.T) {
	trace(t)
	t.Log("ran pass")
}

func TestInHelper(t *testing.T) {
	checkPositive(t, Step(0, "down"))
}

// trace appends the test's name to the file $SUBTEST_TRACE names (when set): which tests
// and subtests Go really ran, whatever pytest reported.
func trace(t *testing.T) {
	path := os.Getenv("SUBTEST_TRACE")
	if path == "" {
		return
	}
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fmt.Fprintln(f, t.Name())
}
