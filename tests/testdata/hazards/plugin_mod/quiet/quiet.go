package quiet

import "time"

var done = make(chan struct{})

func init() {
	go func() { close(done) }() //gotest:allow H5
}

func init() {
	tick = time.NewTicker(time.Hour)
}

var tick *time.Ticker

func Done() <-chan struct{} { return done }
