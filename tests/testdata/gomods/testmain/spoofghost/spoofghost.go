// Package spoofghost forges reports for tests that do not exist; its real test passes.
package spoofghost

import "fmt"

func init() {
	fmt.Println("=== RUN   TestNotCollected")
	fmt.Println("--- PASS: TestNotCollected (0.00s)")
	fmt.Println("=== RUN   TestGhostFails")
	fmt.Println("--- FAIL: TestGhostFails (0.00s)")
}
