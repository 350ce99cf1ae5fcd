package h5

import (
	"testing"
	"time"
)

// Stored, not called.
var start = func() { go loop() }

// Not under go test.
func init() {
	if !testing.Testing() {
		go loop()
	}
}

var started = time.Now()
