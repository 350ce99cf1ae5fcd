// Package siggate starts, at init, a goroutine that waits for a signal (golang.org/x/net/quic's
// gotraceback_test.go): installing the handler and starting the goroutine are hazards; what
// the goroutine does once the signal arrives never runs in a plain test run.
package siggate

import (
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

func init() {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGQUIT) // want "H8"
	go func() {                        // want "H5"
		<-ch
		debug.SetTraceback("all")
		panic("SIGQUIT")
	}()
}

// A channel nobody hands to signal.Notify: what follows its receive is analysed.
var ready = make(chan struct{})

func init() {
	go func() { // want "H5"
		<-ready
		os.Setenv("READY", "1") // want "H7"
	}()
}
