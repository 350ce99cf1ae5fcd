package h1

import (
	"net"
	"net/http"
	"testing"
)

// Only referenced at init, never called there.
func serve() { _, _ = net.Listen("tcp", ":0") }

var handler = serve

// Registering a handler runs nothing; its body runs per request.
func init() {
	http.HandleFunc("/x", func(w http.ResponseWriter, r *http.Request) {
		_ = http.ListenAndServe(":8080", nil)
	})
}

// Past a testing.Testing() guard nothing runs under go test.
func init() {
	if testing.Testing() {
		return
	}
	_, _ = net.Listen("tcp", ":8081")
}

// A server value that is not started.
var idle = &http.Server{Addr: ":8082"}
