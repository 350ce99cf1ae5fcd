package hazards

import (
	"net"
	"testing"
)

// splitHostPort is a copy of net.SplitHostPort (the analyzer does not link net): same
// answers, same failures.
func TestSplitHostPortIsNets(t *testing.T) {
	inputs := []string{
		"localhost:8080", ":0", "127.0.0.1:80", "[::1]:443", "[::1]", "::1", "host",
		"host:", "[fe80::1%eth0]:22", "a:b:c", "[a]b:1", "[a]:b:1", "[:1", "a]:1", "x[y:1",
		"[x]:]", "", ":", "[]:1", "[[a]]:1", "host:port:", "[::1]:", "é:9",
	}
	for _, in := range inputs {
		wantHost, wantPort, wantErr := net.SplitHostPort(in)
		host, port, err := splitHostPort(in)
		if host != wantHost || port != wantPort || (err == nil) != (wantErr == nil) {
			t.Errorf("splitHostPort(%q) = %q, %q, %v; net says %q, %q, %v",
				in, host, port, err, wantHost, wantPort, wantErr)
		}
	}
}

func FuzzSplitHostPortIsNets(f *testing.F) {
	f.Add("localhost:8080")
	f.Add("[::1]:443")
	f.Fuzz(func(t *testing.T, in string) {
		wantHost, wantPort, wantErr := net.SplitHostPort(in)
		host, port, err := splitHostPort(in)
		if host != wantHost || port != wantPort || (err == nil) != (wantErr == nil) {
			t.Errorf("splitHostPort(%q) = %q, %q, %v; net says %q, %q, %v",
				in, host, port, err, wantHost, wantPort, wantErr)
		}
	})
}
