// Package svc1 is the root package of the first module.
package svc1

// Name returns the service name.
func Name() string { return "svc1" }
