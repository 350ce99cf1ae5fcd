package h8

import (
	"os"
	"os/signal"
)

var quit = make(chan os.Signal, 1)

// Watch installs the handler when a program (not the test binary) asks for it.
func Watch() { signal.Notify(quit, os.Interrupt) }
