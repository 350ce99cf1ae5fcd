package depth

import "net"

type client struct{ addr string }

func (c *client) connect() { c.retry(3) }

func (c *client) retry(n int) {
	if n == 0 {
		return
	}
	dial(c.addr)
	c.retry(n - 1) // recursion: the cycle is followed once
}

func dial(addr string) {
	_, _ = net.Dial("tcp", addr) // H2 via init -> setup -> connect -> retry -> dial
}

func ping() { pong() }

func pong() { ping() } // a cycle without hazards

func setup() {
	ping()
	(&client{addr: "localhost:1"}).connect()
}

func init() {
	setup()
}
