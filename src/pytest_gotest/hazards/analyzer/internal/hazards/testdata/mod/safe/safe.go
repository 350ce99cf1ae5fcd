// Package safe: common initialisation that is not a hazard. Nothing here is reported.
package safe

import (
	"database/sql"
	"flag"
	"net/http"
	"os"
	"sync"
	"time"
)

var (
	table   = map[string]int{"a": 1}
	list    = []string{"x"}
	port    = flag.Int("port", 0, "")
	started = time.Now()
	home    = os.Getenv("HOME")
	hook    = func() { os.Exit(1) }
	once    sync.Once
)

type driver struct{}

func (driver) Open(string) (interface{ Close() error }, error) { return nil, nil }

func init() {
	http.HandleFunc("/", func(http.ResponseWriter, *http.Request) {})
	_ = sql.Drivers()
}

// Setup runs later, when a test calls it.
func Setup() { once.Do(func() { os.Setenv("SAFE", "1") }) }
