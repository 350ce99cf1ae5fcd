// Package notest includes a C header this machine does not have, and has no tests.
package notest

// #include <no_such_header_for_pytest_gotest.h>
import "C"

func Answer() int { return 42 }
