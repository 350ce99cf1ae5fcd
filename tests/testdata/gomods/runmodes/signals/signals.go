// Package signals reloads on SIGUSR1, a signal GOOS=js does not define: it does not build
// for js/wasm, and only that mode's tests error.
package signals

import (
	"os"
	"os/signal"
	"syscall"
)

// NotifyReload relays SIGUSR1 (the reload signal) to c.
func NotifyReload(c chan<- os.Signal) {
	signal.Notify(c, syscall.SIGUSR1)
}
