// Package withtest includes a C header this machine does not have.
package withtest

// #include <no_such_header_for_pytest_gotest.h>
import "C"

func Answer() int { return 42 }
