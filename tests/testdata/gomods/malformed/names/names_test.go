package names

import "testing"

func TestProper(t *testing.T) {
	t.Log("proper")
}

// Testlowercase is not a test by Go's rule: the character after "Test" must
// not be a lower-case letter. go vet's "tests" analyzer reports it, and since
// go test runs that analyzer, the package fails to build unless -vet=off.
func Testlowercase(t *testing.T) {
	t.Fatal("Testlowercase must never run")
}
