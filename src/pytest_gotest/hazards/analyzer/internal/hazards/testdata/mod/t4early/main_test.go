package t4early

import (
	"fmt"
	"os"
	"testing"
)

// github.com/johannesboyne/gofakes3's TestMain: the helper turns m.Run's status into an
// error, TestMain exits with it when there is one, and with 0 after that: the 0 is reached
// only when the tests passed (the early-exit style of an else branch). No T4.
func TestMain(m *testing.M) {
	if err := run(m); err != nil {
		fmt.Fprintln(os.Stderr, err)
		code, ok := err.(errCode)
		if !ok {
			code = 1
		}
		os.Exit(int(code))
	}
	os.Exit(0)
}

func run(m *testing.M) error {
	if code := m.Run(); code > 0 {
		return errCode(code)
	}
	return nil
}

type errCode int

func (e errCode) Error() string { return fmt.Sprintf("exit code %d", e) }

func TestOK(t *testing.T) {}
