// Package spoofnorun forges a passing report for TestVictim from init; its TestMain never
// calls m.Run, so TestVictim never runs.
package spoofnorun

import "fmt"

func init() {
	fmt.Println("=== RUN   TestVictim")
	fmt.Println("--- PASS: TestVictim (0.00s)")
}
