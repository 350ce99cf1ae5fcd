package h10

import "sync"

var mu sync.Mutex

var buffered = make(chan int, 1)

func init() {
	select {
	case buffered <- 1:
	default:
	}
}
