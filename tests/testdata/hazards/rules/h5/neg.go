package h5

import (
	"sync"
	"time"
)

var started = time.Now()

var once sync.Once

// Lazy: the goroutine starts on first use, not at init.
func Start() {
	once.Do(func() {
		go func() {}()
	})
}

var timer = func() *time.Timer { return nil }
