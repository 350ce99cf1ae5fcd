// Package names has a function that looks like a test but is not one.
package names
