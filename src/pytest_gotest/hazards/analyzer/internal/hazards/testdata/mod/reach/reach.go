// Package reach: calls followed from init through module-local code, each path to its own
// hazardous call (a finding per root and site).
package reach

import (
	"io"
	"net"
	dialer "net"
	"sync"

	"example.com/want/reach/helper"
)

// Methods, depth and recursion.
type client struct {
	addr  string
	tries int
}

func (c *client) connect() { c.retry() }

func (c *client) retry() {
	if c.tries > 3 {
		return
	}
	c.tries++
	dial(c.addr)
	c.retry()
}

func dial(addr string) {
	_, _ = net.Dial("tcp", addr) // want "H2: init dials the network: net.Dial"
}

func init() { (&client{addr: "x:1"}).connect() }

// A function value assigned to a package variable, called at init.
var connectFn = func() {
	_, _ = net.DialTimeout("tcp", "x:2", 0) // want "H2: init dials the network: net.DialTimeout"
}

func init() { connectFn() }

// A method value.
type service struct{}

func (service) start() {
	_, _ = net.LookupIP("example.com") // want "H2: net.LookupIP"
}

func init() {
	f := service{}.start
	f()
}

// sync.Once runs its function now, the first time.
var once sync.Once

func setup() {
	_, _ = net.LookupAddr("127.0.0.1") // want "H2: net.LookupAddr"
}

func init() { once.Do(setup) }

// An immediately called function literal, and a generic function.
func generic[T any](v T) {
	_, _ = net.LookupCNAME("example.com") // want "H2: net.LookupCNAME"
}

func init() {
	func() {
		_, _ = net.LookupMX("example.com") // want "H2: net.LookupMX"
	}()
	generic(1)
}

// A renamed import and a type alias.
type D = dialer.Dialer

func init() {
	var d D
	_, _ = d.Dial("tcp", "x:3") // want `H2: \(\*net.Dialer\).Dial`
}

// Into another package of the module: the site is there, the root here.
var conn = helper.Connect()

// A deferred call still runs at init.
func init() {
	defer net.LookupNS("example.com") // want "H2: net.LookupNS"
}

// Calls that are not followed: through an interface, and of functions only referenced.
var closer io.Closer

func init() {
	if closer != nil {
		_ = closer.Close()
	}
	_ = dial
}
