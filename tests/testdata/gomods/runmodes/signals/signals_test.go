package signals

import "testing"

func TestOnReload(t *testing.T) {
	stop := make(chan struct{})
	OnReload(func() {}, stop)
	close(stop)
}
