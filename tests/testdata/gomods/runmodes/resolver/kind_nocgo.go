//go:build !cgo

package resolver

// Kind is the resolver configuration of this build.
const Kind = "go"
