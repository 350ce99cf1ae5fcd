//go:build go1.25

package ctl

import "testing"

// TestAttr records a test attribute (t.Attr, Go 1.25+) whose value holds controls, and runs a
// subtest whose name holds them (Go rewrites the name: \x01 -> `\x01`, form feed -> `_`).
func TestAttr(t *testing.T) {
	t.Attr("hostile", "a\x01b\x0cc\x7fd\uFFFEe\xfff")
	t.Run("sub\x01name\x0c", func(t *testing.T) { t.Log("in the renamed subtest") })
}
