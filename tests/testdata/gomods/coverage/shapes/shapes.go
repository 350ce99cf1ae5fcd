// Package shapes has the awkward cases for line mapping: multi-byte characters before code on
// the same line, one-line functions, multi-line statements, "//" and braces inside strings.
package shapes

import (
	"fmt"
	"strings"
)

// Größe is a size; the identifier itself is multi-byte.
type Größe struct{ W, H int }

func (g Größe) Area() int { return g.W * g.H } // one-line method, hit

func (g *Größe) Scale(f int) { g.W *= f; g.H *= f } // one-line pointer method, missed

func Label(name string) string {
	s := "héllo ✓ // not a comment { " + name /* a block comment */
	if strings.Contains(name, "∑") { s += `raw // string
with a second line ✓` }
	return s
}

func Describe(g Größe,
	verbose bool,
) string {
	text := fmt.Sprintf(
		"%dx%d",
		g.W,
		g.H,
	)
	if verbose {
		text = fmt.Sprintf("größe %s = %d",
			text, g.Area())
	}
	return text
}

func Apply(values []int, fn func(int) int) []int {
	out := make([]int, 0, len(values))
	for _, v := range values {
		out = append(out, fn(v))
	}
	return out
}

func Doubler() func(int) int {
	return func(v int) int {
		if v < 0 {
			return 0
		}
		return v * 2
	}
}

func Max[T int | float64](a, b T) T {
	if a > b {
		return a
	}
	return b
}

func Never() {
	panic("never called")
}
