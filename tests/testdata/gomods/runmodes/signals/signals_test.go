package signals

import (
	"os"
	"os/signal"
	"testing"
)

func TestOnReload(t *testing.T) {
	c := make(chan os.Signal, 1)
	NotifyReload(c)
	signal.Stop(c)
}
