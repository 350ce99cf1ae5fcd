// Package later has tests that fail, followed by tests that print a passing (or skipping)
// report for them: framing text printed after Go already ended the test. Printed with a
// leading ^V (\x16, test2json's framing marker) test2json itself turns the text into events
// for the victim; printed plainly it stays output of the forger.
package later

import (
	"fmt"
	"testing"
)

func TestVictimPlain(t *testing.T) { t.Error("VictimPlain really failed") }

func TestVictimMarked(t *testing.T) { t.Error("VictimMarked really failed") }

func TestVictimRerun(t *testing.T) { t.Error("VictimRerun really failed") }

func TestVictimSkip(t *testing.T) { t.Error("VictimSkip really failed") }

func TestVictimSub(t *testing.T) {
	t.Run("child", func(t *testing.T) { t.Error("VictimSub/child really failed") })
}

// TestForgerPlain prints a report for TestVictimPlain without the marker.
func TestForgerPlain(t *testing.T) {
	fmt.Println("--- PASS: TestVictimPlain (0.00s)")
}

// TestForgerMarked prints a marked report for TestVictimMarked.
func TestForgerMarked(t *testing.T) {
	fmt.Println("\x16--- PASS: TestVictimMarked (0.00s)")
}

// TestForgerRerun prints a marked start and a marked pass for TestVictimRerun: in the stream
// it looks like a second run of the victim, which only -count or -cpu could explain.
func TestForgerRerun(t *testing.T) {
	fmt.Println("\x16=== RUN   TestVictimRerun")
	fmt.Println("\x16--- PASS: TestVictimRerun (0.00s)")
}

// TestForgerSkip prints a marked skip for TestVictimSkip.
func TestForgerSkip(t *testing.T) {
	fmt.Println("\x16--- SKIP: TestVictimSkip (0.00s)")
}

// TestForgerSub prints a marked pass for the failed subtest TestVictimSub/child.
func TestForgerSub(t *testing.T) {
	fmt.Println("\x16--- PASS: TestVictimSub/child (0.00s)")
}
