// Package hangs has a test that starts a child and then blocks until it is killed, so that
// pytest (or go) can be stopped while the test binary and its child are running.
package hangs

import (
	"os/exec"
	"testing"
	"time"
)

func TestHangs(t *testing.T) {
	child := exec.Command("sleep", "300")
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	t.Logf("child %d started; hanging", child.Process.Pid)
	time.Sleep(5 * time.Minute)
}
