// Package leaves has a test that starts a child process and returns without waiting for it:
// the child stays in go test's process group after the test binary exits.
package leaves

import (
	"os/exec"
	"testing"
)

func TestLeavesChild(t *testing.T) {
	child := exec.Command("sleep", "300")
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	t.Logf("left child %d running", child.Process.Pid)
}
