// Package plain has one passing test, run under bad or unusual settings.
package plain

import "testing"

func TestPlain(t *testing.T) { t.Log("plain ran") }
