package switchchild

import (
	"os"
	"testing"
)

// The re-exec pattern as a switch (x/tools' unitchecker): each non-empty case runs only in
// a child started with ENTRYPOINT set.
func TestMain(m *testing.M) {
	switch os.Getenv("ENTRYPOINT") {
	case "vet":
		vetmain()
		panic("unreachable")
	case "worker", "minivet":
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func vetmain() {
	if len(os.Args) < 2 {
		os.Exit(0)
	}
	os.Exit(1)
}

func init() {
	switch os.Getenv("SWITCHCHILD_MODE") {
	case "serve":
		os.Exit(0)
	}
}

func TestOK(t *testing.T) {}
