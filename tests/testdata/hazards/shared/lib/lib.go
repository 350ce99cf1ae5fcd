package lib

import "net"

var listener net.Listener

func init() {
	listener, _ = net.Listen("tcp", "127.0.0.1:47123") // H1: affects a, b and d
}
