// Package goleak stands in for go.uber.org/goleak: a TestMain helper from another module.
package goleak

import "testing"

func VerifyTestMain(m *testing.M) { m.Run() }
