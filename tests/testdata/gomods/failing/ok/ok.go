// Package ok passes.
package ok
