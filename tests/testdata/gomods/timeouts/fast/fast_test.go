// Package fast has only fast tests: they must pass under any pytest-timeout limit, however
// long the package takes to build.
package fast

import "testing"

func TestFastA(t *testing.T) { t.Log("fast A") }

func TestFastB(t *testing.T) { t.Log("fast B") }
