package t2errdropped

import (
	"errors"
	"os"
	"testing"
)

// The control: TestMain drops the helper's error, so its (0, err) return is a silent pass.
func TestMain(m *testing.M) {
	code, _ := run(m)
	os.Exit(code)
}

func run(m *testing.M) (int, error) {
	if err := connect(); err != nil {
		return 0, err // want "T2: TestMain exits before m.Run: return"
	}
	return m.Run(), nil
}

func connect() error { return errors.New("no database") }

func TestOK(t *testing.T) {}
