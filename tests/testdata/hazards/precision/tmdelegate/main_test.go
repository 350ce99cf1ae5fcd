package tmdelegate

import (
	"testing"

	"example.com/helper"
)

// m goes to code outside the module, which runs it: not T1.
func TestMain(m *testing.M) {
	helper.VerifyTestMain(m)
}

func TestOK(t *testing.T) {}
