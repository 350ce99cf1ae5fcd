package h10

import (
	"sync"
	"time"
)

var ready = make(chan struct{})

func init() {
	time.Sleep(10 * time.Millisecond) // H10
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // H5
		defer wg.Done()
		time.Sleep(time.Millisecond) // in the goroutine: does not block init
		<-ready
	}()
	wg.Wait() // H10
}
