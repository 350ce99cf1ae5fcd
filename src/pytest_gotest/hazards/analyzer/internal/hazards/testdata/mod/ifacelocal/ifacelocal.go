// Package ifacelocal: an interface method called on a local given its value once, from an
// expression of a concrete type, is that type's method. No other interface call is
// resolved.
package ifacelocal

import (
	"net"
	"os"
)

type starter interface{ start() }

type server struct{ addr string }

func (s *server) start() {
	net.Listen("tcp", s.addr) // want "H1: init listens on the network: net.Listen"
}

type quiet struct{}

func (quiet) start() {}

type exiter struct{}

func (exiter) start() {
	os.Exit(0) // want "H3: init exits the process: os.Exit\\(0\\)"
}

func init() {
	var st starter = &server{addr: ":8080"}
	st.start()
}

func init() {
	var st starter = exiter{}
	same := st
	same.start()
}

// Not resolved: a local given another value later, and one whose value is only known as
// an interface.

type remover struct{}

func (remover) start() { os.Remove("x") }

func init() {
	var st starter = remover{}
	st = quiet{}
	st.start()
}

type chdirer struct{}

func (chdirer) start() { os.Chdir("/") }

func pick() starter { return quiet{} }

var _ starter = chdirer{}

func init() {
	st := pick()
	st.start()
}
