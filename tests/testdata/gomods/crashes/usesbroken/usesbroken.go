// Package usesbroken compiles on its own but imports brokenlib, which does not.
package usesbroken

import "example.com/crashes/brokenlib"

func Twice() int { return 2 * brokenlib.Answer() }
