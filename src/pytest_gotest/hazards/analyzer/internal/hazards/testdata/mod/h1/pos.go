package h1

import (
	"net"
	"net/http"
	"net/http/httptest"

	"google.golang.org/grpc"
)

func init() {
	ln, err := net.Listen("tcp", "127.0.0.1:47123") // want "H1: init listens on the network: net.Listen"
	if err == nil {
		_ = ln
	}
}

// A server started in a goroutine: the goroutine and its listener.
func init() {
	go http.ListenAndServe(":9090", nil) // want "H5" "H1: http.ListenAndServe"
}

type app struct{ srv *http.Server }

// The method of a field's type, resolved through the types.
func (a *app) start() { _ = a.srv.ListenAndServe() } // want `H1: init listens on the network: \(\*http.Server\).ListenAndServe`

func init() { (&app{srv: &http.Server{}}).start() }

var ts = httptest.NewServer(nil) // want "H1: var ts listens on the network: httptest.NewServer"

var grpcServer = grpc.NewServer()

func init() {
	_ = grpcServer.Serve(nil) // want `H1: \(\*grpc.Server\).Serve`
}

// An unstarted server listens already; Start serves on that listener.
var unstarted = httptest.NewUnstartedServer(nil) // want "H1: var unstarted listens on the network: httptest.NewUnstartedServer"

func init() {
	unstarted.Start() // want `H1: init listens on the network: \(\*httptest.Server\).Start`
}
