package bufchan

func init() {
	ch := make(chan int, 1)
	ch <- 1
	ch <- 2 // want "H10: init blocks: channel send"
	unbuffered := make(chan int)
	unbuffered <- 1 // want "H10: init blocks: channel send"
	loop := make(chan int, 3)
	for i := 0; i < 10; i++ {
		loop <- i // want "H10: init blocks: channel send"
	}
	empty := make(chan int, 4)
	<-empty // want "H10: init blocks: channel receive"
}
