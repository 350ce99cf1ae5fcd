package h2

import (
	"database/sql"
	"net"
	"net/http"

	"google.golang.org/grpc"
)

var resp, _ = http.Get("http://example.com/") // want "H2: var resp dials the network: http.Get"

var db = connect()

func connect() *sql.DB {
	db, _ := sql.Open("x", "y")
	_ = db.Ping() // want `H2: var db dials the network: \(\*sql.DB\).Ping`
	return db
}

var conn, _ = grpc.Dial("localhost:1") // want "H2: var conn dials the network: grpc.Dial"

func init() {
	_, _ = net.LookupHost("example.com") // want "H2: net.LookupHost"
	c := &http.Client{}
	_, _ = c.Get("http://example.com") // want `H2: \(\*http.Client\).Get`
}
