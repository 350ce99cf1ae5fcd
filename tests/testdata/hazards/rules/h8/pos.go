package h8

import (
	"os"
	"os/signal"
)

var sigs = make(chan os.Signal, 1)

func init() {
	signal.Notify(sigs, os.Interrupt) // H8
}
