package setupfails

import (
	"errors"
	"log"
	"os"
	"testing"
)

// A helper's loud failure before m.Run is not a silent pass.
func TestMain(m *testing.M) {
	mustSetup()
	os.Exit(m.Run())
}

func mustSetup() {
	if err := setup(); err != nil {
		log.Fatal(err)
	}
	if os.Getenv("SETUPFAILS_STRICT") == "" {
		os.Exit(2)
	}
}

func setup() error { return errors.New("x") }

func TestOK(t *testing.T) {}
