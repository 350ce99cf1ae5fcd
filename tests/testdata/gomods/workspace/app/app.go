// Package app uses liba through the go.work workspace.
package app

import "example.com/liba"

// Greet greets the app.
func Greet() string { return liba.Hello("app") }
