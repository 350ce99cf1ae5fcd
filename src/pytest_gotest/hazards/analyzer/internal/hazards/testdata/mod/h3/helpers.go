package h3

import (
	"fmt"
	"os"
)

// Exit helpers as Ginkgo's DSL has them: they end the process when handed an error, and
// print it first. Reached from var initialisers only when the caller's arguments are wrong
// (a made error on a validation path, or a non-empty slice of errors): error paths, loud
// and explained, so not reported.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func exitIfErr(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1) // want-all-exits "H3"
	}
}

func exitIfErrors(errs []error) {
	if len(errs) > 0 {
		for _, err := range errs {
			fmt.Fprintln(os.Stderr, err)
		}
		os.Exit(1) // want-all-exits "H3"
	}
}

func validate(args []int) []error {
	var errs []error
	for _, a := range args {
		if a < 0 {
			errs = append(errs, fmt.Errorf("negative argument %d", a))
		}
	}
	return errs
}

func describe(text string, args ...int) int {
	if len(validate(args)) > 1 {
		exitIfErr(usageError{text + ": more than one negative argument"})
	}
	exitIfErrors(validate(args))
	return len(args)
}

var _ = describe("x", 1, 2)

// The same helper shape, handed an error on every path: the process always ends, saying
// why, on every run (as `if err != nil { log.Fatal(err) }` after a call that always fails).
func dieWith(err error) {
	if err != nil {
		os.Exit(2) // want-all-exits "H3"
	}
}

var _ = func() int { dieWith(usageError{"always"}); return 0 }()

// A slice that is not of errors is no error path: reported.
func exitIfAny(names []string) {
	if len(names) > 0 {
		os.Exit(1) // want "H3: var _ exits the process: os.Exit"
	}
}

func negatives(args []int) []string {
	var out []string
	for _, a := range args {
		if a < 0 {
			out = append(out, fmt.Sprint(a))
		}
	}
	return out
}

var _ = func() int { exitIfAny(negatives([]int{1, -1})); return 0 }()
