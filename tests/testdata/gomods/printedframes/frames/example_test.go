package frames

import "fmt"

// Example_printsFrames prints lines like its own and another example's frames: they are its
// got: block, printed after its report line.
func Example_printsFrames() {
	fmt.Println("--- PASS: Example_printsFrames (0.00s)")
	fmt.Println("=== RUN   Example_ghost")
	fmt.Println("--- FAIL: Example_ghost (0.00s)")
	fmt.Println("=== RUN   Example_printsFrames")
	// Output: nothing
}

// Example_wantsAFrame wants a line like its own report line: the last line of its want:
// block, right before its fail event.
func Example_wantsAFrame() {
	fmt.Println("something else")
	// Output: --- FAIL: Example_wantsAFrame (0.00s)
}

func Example_ghost() {
	fmt.Println("g")
	// Output: g
}
