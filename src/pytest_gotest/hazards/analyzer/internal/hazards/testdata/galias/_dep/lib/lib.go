package lib

// Set is a generic type alias.
type Set[T comparable] = map[T]struct{}

// Index holds one.
type Index struct{ Names Set[string] }
