// Package signals reloads on SIGUSR1, a signal GOOS=js does not define: it does not build
// for js/wasm, and only that mode's tests error.
package signals

import (
	"os"
	"os/signal"
	"syscall"
)

// OnReload calls f on every SIGUSR1 until stop is closed.
func OnReload(f func(), stop <-chan struct{}) {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGUSR1)
	go func() {
		defer signal.Stop(c)
		for {
			select {
			case <-c:
				f()
			case <-stop:
				return
			}
		}
	}()
}
