// Package parallel holds parallel tests whose output interleaves.
package parallel
