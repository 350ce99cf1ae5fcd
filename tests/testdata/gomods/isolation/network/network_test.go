package network

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// A server on loopback answers inside the namespace.
func TestLoopbackServer(t *testing.T) {
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "hello from loopback")
	}))
	defer server.Close()
	resp, err := http.Get(server.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if string(body) != "hello from loopback" {
		t.Fatalf("body %q", body)
	}
}

// 192.0.2.1 is TEST-NET-1 (RFC 5737), never a real host: unisolated, the dial waits for its
// timeout; isolated, it fails at once ("network is unreachable").
func TestDialOutside(t *testing.T) {
	start := time.Now()
	conn, err := net.DialTimeout("tcp", "192.0.2.1:80", 20*time.Second)
	if err == nil {
		conn.Close()
		t.Fatal("connected to 192.0.2.1")
	}
	t.Fatalf("%v (after %d ms)", err, time.Since(start).Milliseconds())
}

// A name lookup needs a nameserver, and none is reachable from the namespace.
func TestLookupOutside(t *testing.T) {
	start := time.Now()
	_, err := net.LookupHost("example.com")
	if err == nil {
		t.Fatal("example.com resolved")
	}
	t.Fatalf("%v (after %d ms)", err, time.Since(start).Milliseconds())
}
