// Package cfg declares switches that no code of the module turns on.
package cfg

// Debug is read by pkgvar through its package name.
var Debug = false
