package s

import (
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	defer println("bye")
	os.Exit(m.Run()) //gotest:allow T3
}

func TestOK(t *testing.T) {}
