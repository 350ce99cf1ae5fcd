package crash

import (
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// Which program started the test binary: go itself when the launcher replaced itself with the
// binary (execve), not a launcher process left in between.
func TestParent(t *testing.T) {
	comm, err := os.ReadFile("/proc/" + strconv.Itoa(os.Getppid()) + "/comm")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("PARENT=%s", strings.TrimSpace(string(comm)))
}

// The binary dies of a signal: go must see the signal, as without the launcher.
func TestKilled(t *testing.T) {
	syscall.Kill(os.Getpid(), syscall.SIGKILL)
	select {}
}
