package onlyasserts

// A compile-time check, not a test: this package yields no pytest item.
var _ Shape = (*Square)(nil)
