// Package helper stands for a third-party TestMain wrapper such as goleak.VerifyTestMain.
package helper

import (
	"os"
	"testing"
)

func VerifyTestMain(m *testing.M) { os.Exit(m.Run()) }
