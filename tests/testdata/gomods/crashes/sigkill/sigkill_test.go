package sigkill

import (
	"os"
	"syscall"
	"testing"
	"time"
)

func TestSigkill(t *testing.T) {
	t.Log("sending SIGKILL to self")
	_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
	time.Sleep(time.Minute)
}

// TestAfterSigkill never runs.
func TestAfterSigkill(t *testing.T) {}
