// Package withmain has a test binary with a custom TestMain.
package withmain
