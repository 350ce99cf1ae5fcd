//go:build cgo

package host

// CgoEnabled: plugin.Open works only in cgo builds.
const CgoEnabled = true
