// Package redforge has a passing test, then a test that prints a marked failure report for
// it: framing printed after Go ended a test is output of the test that printed it, so the
// passed test stays passed.
package redforge

import (
	"fmt"
	"testing"
)

func TestInnocent(t *testing.T) { t.Log("Innocent passed") }

func TestForgerFail(t *testing.T) {
	fmt.Println("\x16--- FAIL: TestInnocent (0.00s)")
}
