// Package brokennotests does not compile and has no test files: no test reports it, so the
// Go coverage section is the only place its compiler output appears.
package brokennotests

func Count() int {
	return "three"
}
