package setupfail

import (
	"fmt"
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	fmt.Println("setupfail: connecting to the database")
	fmt.Fprintln(os.Stderr, "setupfail: database unreachable, giving up")
	os.Exit(1)
}

func TestA(t *testing.T) {}

func TestB(t *testing.T) {}
