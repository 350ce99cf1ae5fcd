package h6

import "os"

// Reading is not writing.
func init() {
	f, _ := os.Open("h6.txt")
	_ = f
	g, _ := os.OpenFile("h6.txt", os.O_RDONLY, 0)
	_ = g
	_, _ = os.ReadFile("h6.txt")
	_, _ = os.Stat("h6.txt")
}
