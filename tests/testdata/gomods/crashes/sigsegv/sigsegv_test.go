package sigsegv

import (
	"os"
	"syscall"
	"testing"
	"time"
)

func TestSigsegv(t *testing.T) {
	t.Log("sending SIGSEGV to self")
	_ = syscall.Kill(os.Getpid(), syscall.SIGSEGV)
	time.Sleep(time.Minute)
}

// TestAfterSigsegv never runs.
func TestAfterSigsegv(t *testing.T) {}
