package listen

import (
	"log"
	"net"
	"os"
)

var listener = mustListen()

func mustListen() net.Listener {
	ln, err := net.Listen("tcp", "127.0.0.1:"+os.Getenv("PLUGMOD_PORT"))
	if err != nil {
		log.Fatal(err)
	}
	return ln
}

func Addr() string { return listener.Addr().String() }
