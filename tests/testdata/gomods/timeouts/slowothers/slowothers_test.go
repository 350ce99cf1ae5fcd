// Package slowothers has one fast test first and three tests that take 0.8 s each: every
// test is well under a 2 s limit, the package as a whole is not.
package slowothers

import (
	"testing"
	"time"
)

func TestQuickFirst(t *testing.T) { t.Log("quick") }

func TestSlow1(t *testing.T) { time.Sleep(800 * time.Millisecond) }

func TestSlow2(t *testing.T) { time.Sleep(800 * time.Millisecond) }

func TestSlow3(t *testing.T) { time.Sleep(800 * time.Millisecond) }
