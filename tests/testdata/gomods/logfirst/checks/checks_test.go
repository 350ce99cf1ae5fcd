package checks

import (
	"fmt"
	"testing"
)

func TestLogThenError(t *testing.T) {
	t.Log("starting")
	fmt.Println("a line printed by the code under test")
	t.Logf("got %d",
		2)
	t.Errorf("want %d, got %d",
		3, 2)
	t.Log("after the error")
}

func TestHelperFails(t *testing.T) {
	t.Log("checking")
	positive(t, -1)
}

func positive(t *testing.T, n int) {
	t.Helper()
	if n <= 0 {
		t.Errorf("%d is not positive", n)
	}
}

func TestSubtests(t *testing.T) {
	t.Log("setting up")
	t.Run("fails", func(t *testing.T) {
		t.Log("in the subtest")
		t.Fatal("subtest failed")
	})
}

func TestOnlyLogs(t *testing.T) {
	t.Log("nothing wrong said")
	t.Fail()
}
