package vd

// Token is what schema builds on.
type Token struct{ Name string }
