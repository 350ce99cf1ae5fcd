// Package bufchan: sends into a buffered channel with room do not block.
package bufchan

func init() {
	ch := make(chan int, 2)
	ch <- 1
	ch <- 2
	<-ch
	ch <- 3
	<-ch
	<-ch
}

const size = 1

func fill(n int) chan int {
	ch := make(chan int, n)
	ch <- n
	return ch
}

func init() {
	done := make(chan struct{}, size)
	done <- struct{}{}
	_ = fill(3)
}
