// Package api belongs to the second module.
package api

// Version returns the API version.
func Version() int { return 2 }
