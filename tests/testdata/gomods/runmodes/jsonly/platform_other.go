//go:build !js

package jsonly

func platform() string { return "other" }
