package own

import (
	"os"
	"testing"
)

func TestOwn(t *testing.T) {
	t.Run("sub", func(t *testing.T) {
		if os.Getenv("LF_FIXED") == "" {
			t.Error("sub broken")
		}
	})
	t.Error("parent's own check broken")
}

func TestTable(t *testing.T) {
	renamed := os.Getenv("LF_RENAMED") != ""
	name := "old"
	if renamed {
		name = "new"
	}
	t.Run(name, func(t *testing.T) {
		if !renamed {
			t.Error("bad")
		}
	})
}

func TestGone(t *testing.T) {
	if os.Getenv("LF_RENAMED") == "" {
		t.Run("only", func(t *testing.T) {})
	}
}

func TestSkips(t *testing.T) {
	t.Run("later", func(t *testing.T) {
		if os.Getenv("LF_RENAMED") != "" {
			t.Skip("skipped in a subtest")
		}
	})
}
