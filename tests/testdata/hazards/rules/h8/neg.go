package h8

import (
	"os"
	"os/signal"
)

// Called by main only.
func WaitForInterrupt() {
	c := make(chan os.Signal, 1)
	signal.Notify(c, os.Interrupt)
	<-c
}
