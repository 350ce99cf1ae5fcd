package t4earlycode

import (
	"log"
	"os"
	"testing"
)

// The same style on the status itself, and with log.Fatal (status 1) as the failure's
// exit: each os.Exit(0) runs only after the tests passed (the leak check's too: code is 0
// there). No T4.
func TestMain(m *testing.M) {
	code := m.Run()
	if code != 0 {
		os.Exit(code)
	}
	if leaked() {
		os.Exit(0)
	}
	switch {
	case code == 0:
		if code > 0 {
			log.Fatal("tests failed")
		}
		os.Exit(0)
	}
}

func leaked() bool { return false }

func TestOK(t *testing.T) {}
