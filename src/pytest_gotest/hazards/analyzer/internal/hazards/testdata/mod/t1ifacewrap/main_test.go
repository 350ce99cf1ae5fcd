package t1ifacewrap

import (
	"testing"

	"example.com/want/t1iface/runner"
)

// m inside a value whose Run method calls m.Run (go-internal's cmd/txtar-addmod), handed to
// a module-local helper that takes an interface.
func TestMain(m *testing.M) {
	runner.Main(withServer{m})
}

type withServer struct {
	m *testing.M
}

func (w withServer) Run() int {
	return w.m.Run()
}

func TestOK(t *testing.T) {}
