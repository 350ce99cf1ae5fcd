package h8

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

var ch = make(chan os.Signal, 1)

func init() {
	signal.Notify(ch, os.Interrupt) // want "H8: init changes signal handling: signal.Notify"
	signal.Ignore(syscall.SIGHUP)   // want "H8: signal.Ignore"
}

var ctx, stop = signal.NotifyContext(context.Background(), os.Interrupt) // want "H8: var ctx changes signal handling: signal.NotifyContext"
