package racy

import "testing"

// Two goroutines write n without synchronisation: the test passes in every mode but race,
// where Go's race detector reports the race and fails it.
func TestCounter(t *testing.T) {
	n := 0
	done := make(chan struct{})
	go func() {
		n++
		close(done)
	}()
	n++
	<-done
	t.Logf("n = %d", n)
}
