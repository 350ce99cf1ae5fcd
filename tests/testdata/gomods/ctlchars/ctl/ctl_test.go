// Package ctl prints every character XML 1.0 cannot carry: the C0 controls, DEL, U+FFFE,
// U+FFFF, and invalid UTF-8, in the output, failure messages and skip reasons of passing,
// failing and skipped tests and subtests. Each character is labelled "[hex:" ... "]" so that
// a reader can check that it survived (escaped), not only that the JUnit file parses.
package ctl

import (
	"fmt"
	"os"
	"testing"
)

// hostile returns "[00:\x00][01:\x01]...[1f:\x1f][7f:\x7f][fffe:\ufffe][ffff:\uffff]"
// followed by "[bad:\xff\xfe]" (invalid UTF-8) and "[nul:\x00]".
func hostile() string {
	s := ""
	for c := 0; c < 0x20; c++ {
		s += fmt.Sprintf("[%02x:%c]", c, rune(c))
	}
	return s + "[7f:\x7f][fffe:\uFFFE][ffff:\uFFFF][bad:\xff\xfe][nul:\x00]"
}

func TestPrints(t *testing.T) {
	fmt.Println("stdout:" + hostile())
	fmt.Fprintln(os.Stderr, "stderr:"+hostile())
	t.Log("log:" + hostile())
}

func TestFails(t *testing.T) {
	t.Error("err:" + hostile())
}

func TestSkips(t *testing.T) {
	t.Skip("skip:" + hostile())
}

func TestSubtests(t *testing.T) {
	t.Run("passes", func(t *testing.T) {
		fmt.Println("subout:" + hostile())
	})
	t.Run("fails", func(t *testing.T) {
		t.Error("suberr:" + hostile())
	})
	t.Run("skips", func(t *testing.T) {
		t.Skip("subskip:" + hostile())
	})
}

// TestFormFeeds is what go-toml v2's suite does: form feeds in an otherwise ordinary
// passing test's output.
func TestFormFeeds(t *testing.T) {
	fmt.Println("page one\fpage two\fpage three")
}
