// Package resolver reports which DNS resolver configuration its build has. With cgo, Go's
// net package may hand lookups to the C library (nsswitch.conf, LDAP, mDNS...); without it
// (CGO_ENABLED=0, cross-compiled, wasm) only the pure-Go resolver exists.
package resolver

import "net"

// Lookup resolves localhost with the default resolver of this build.
func Lookup() ([]string, error) { return net.LookupHost("localhost") }
