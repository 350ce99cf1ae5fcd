package both_test

import (
	"testing"

	"example.com/dupnames/both"
)

func TestX(t *testing.T) {
	t.Logf("external TestX ran: %d", both.Answer())
}

func TestY(t *testing.T) {
	t.Log("external TestY ran")
	t.Run("case", func(t *testing.T) { t.Error("external TestY/case fails") })
}
