package h10

import "sync"

var mu sync.Mutex

var buffered = make(chan int, 1)

// A select with a default case does not wait.
func init() {
	select {
	case buffered <- 1:
	default:
	}
	mu.Lock()
	mu.Unlock()
}
