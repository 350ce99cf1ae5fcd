// Package selection has tests whose names share prefixes.
package selection
