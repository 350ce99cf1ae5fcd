package h1

import "net"

func init() {
	ln, err := net.Listen("tcp", "127.0.0.1:47123") // H1
	if err == nil {
		_ = ln
	}
}
