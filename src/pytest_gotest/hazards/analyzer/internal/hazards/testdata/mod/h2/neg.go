package h2

import (
	"database/sql"
	"net"
	"net/http"
	"sync"
)

// Building a request or a client contacts nothing; sql.Open does not connect.
var (
	req, _  = http.NewRequest("GET", "http://example.com/", nil)
	client  = &http.Client{}
	lazy, _ = sql.Open("x", "y")
)

var (
	once   sync.Once
	shared net.Conn
)

// Shared dials lazily, when a test asks for the connection.
func Shared() net.Conn {
	once.Do(func() { shared, _ = net.Dial("tcp", "x:1") })
	return shared
}
