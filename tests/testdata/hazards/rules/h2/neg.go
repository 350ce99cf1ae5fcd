package h2

import (
	"database/sql"
	"database/sql/driver"
	"net/http"
)

type drv struct{}

func (drv) Open(string) (driver.Conn, error) { return nil, nil }

func init() {
	sql.Register("fixture", drv{})
}

// sql.Open does not connect; only Ping/queries do.
var db, _ = sql.Open("fixture", "dsn")

var client = &http.Client{}
