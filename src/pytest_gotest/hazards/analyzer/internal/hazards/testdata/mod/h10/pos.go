package h10

import (
	"sync"
	"time"
)

var ready = make(chan struct{})

var results = make(chan int)

func init() {
	time.Sleep(10 * time.Millisecond) // want "H10: init blocks: time.Sleep"
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // want "H5"
		defer wg.Done()
		time.Sleep(time.Millisecond) // in the goroutine: does not block init
		<-ready
		results <- 1
	}()
	wg.Wait()           // want `H10: \(\*sync.WaitGroup\).Wait`
	<-ready             // want "H10: channel receive"
	results <- 2        // want "H10: channel send"
	for range results { // want "H10: range over channel"
	}
}

func init() {
	select {} // want "H10: select {}"
}
