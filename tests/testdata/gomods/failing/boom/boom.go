// Package boom has a test that panics and takes the test binary down.
package boom
