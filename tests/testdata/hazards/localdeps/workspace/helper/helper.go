// Package helper is a workspace module imported by tested/uses (a test adds an init that
// starts a goroutine).
package helper

var Name = "helper"
