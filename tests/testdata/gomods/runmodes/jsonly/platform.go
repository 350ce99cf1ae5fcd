// Package jsonly has a browser-only part: files named *_js.go build only for GOOS=js.
package jsonly

// Name is the platform this build is for.
func Name() string { return platform() }
