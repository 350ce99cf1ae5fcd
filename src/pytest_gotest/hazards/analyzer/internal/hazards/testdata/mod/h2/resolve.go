package h2

import "net"

// A host name is looked up (DNS) at init.
var dbAddr, _ = net.ResolveTCPAddr("tcp", "db.example.com:5432") // want "H2: var dbAddr dials the network: ResolveTCPAddr"

var peer, _ = net.ResolveIPAddr("ip", "peer.example.com") // want "H2: ResolveIPAddr"

// Addresses that need no lookup.
var (
	anyPort, _  = net.ResolveTCPAddr("tcp", ":8080")
	loopback, _ = net.ResolveUDPAddr("udp", "127.0.0.1:53")
	local, _    = net.ResolveTCPAddr("tcp", "localhost:80")
	six, _      = net.ResolveTCPAddr("tcp6", "[::1]:80")
	zoned, _    = net.ResolveIPAddr("ip6", "fe80::1%eth0")
	literal, _  = net.ResolveIPAddr("ip", "10.0.0.1")
)

// Not a constant: unknown, not reported.
func addrOf(s string) *net.TCPAddr {
	a, _ := net.ResolveTCPAddr("tcp", s)
	return a
}

var fromVar = addrOf(target)

var target = "svc:80"
