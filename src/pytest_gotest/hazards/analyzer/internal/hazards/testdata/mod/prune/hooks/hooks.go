// Package hooks holds a function variable that package prune sets through a dot import.
package hooks

var OnReady = func() {}

func init() { OnReady() }
