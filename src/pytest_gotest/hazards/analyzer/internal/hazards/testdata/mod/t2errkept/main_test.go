package t2errkept

import (
	"errors"
	"log"
	"os"
	"testing"
)

// github.com/SAP/go-hdb's driver tests: the helper returns (0, err) before m.Run when the
// database is not there, and TestMain fails on the error: no silent pass. A (0, nil)
// return still is one.
func TestMain(m *testing.M) {
	code, err := run(m)
	if err != nil {
		log.Fatal(err)
	}
	os.Exit(code)
}

func run(m *testing.M) (int, error) {
	if err := connect(); err != nil {
		return 0, err
	}
	if skipAll() {
		return 0, nil // want "T2: TestMain exits before m.Run: return"
	}
	return m.Run(), nil
}

func connect() error { return errors.New("no database") }

func skipAll() bool { return len(os.Args) > 99 }

func TestOK(t *testing.T) {}
