package twins_test

import (
	"testing"

	"example.com/dupnames/twins"
)

func TestP(t *testing.T) {
	t.Parallel()
	t.Run("ex_a", func(t *testing.T) { _ = twins.Half(4) })
}

func TestQ(t *testing.T) {
	t.Parallel()
	t.Run("q_ex", func(t *testing.T) {})
}
