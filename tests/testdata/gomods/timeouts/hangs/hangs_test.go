// Package hangs has a test that blocks far longer than any limit used in the suite.
package hangs

import (
	"testing"
	"time"
)

func TestBefore(t *testing.T) { t.Log("before") }

func TestHangs(t *testing.T) {
	t.Log("hanging now")
	waitForever()
}

// waitForever is a named function so that Go's goroutine dump shows it.
func waitForever() { time.Sleep(10 * time.Minute) }

func TestAfter(t *testing.T) { t.Log("after") }
