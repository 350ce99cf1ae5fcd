package helper

import "net"

func Connect() net.Conn {
	c, _ := net.Dial("udp", "x:4") // want "H2: var conn dials the network: net.Dial"
	return c
}
