// Package isolated holds a test that passes only in pytest-gotest's test-only context
// (--go-isolate, docs/isolation.md): a fixed time zone and a fresh, empty home directory.
package isolated
