package safe

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"flag"
	"net/http"
	"os"
	"regexp"
	"sync"
	"text/template"
	"time"
)

var (
	re       = regexp.MustCompile(`[a-z]+`)
	table    = map[string]int{"a": 1}
	names    = []string{"a", "b"}
	port     = flag.Int("port", 8080, "registered, never parsed at init")
	tmpl     = template.Must(template.New("t").Parse("{{.}}"))
	ErrNope  = errors.New("nope")
	start    = time.Now()
	logLevel = os.Getenv("LOG_LEVEL")
	lazy     = func() { _ = http.ListenAndServe(":8080", nil) }
)

type nopDriver struct{}

func (nopDriver) Open(string) (driver.Conn, error) { return nil, errors.New("no") }

var (
	dbOnce sync.Once
	db     *sql.DB
)

// DB connects on first use, never at init.
func DB() *sql.DB {
	dbOnce.Do(func() {
		db, _ = sql.Open("safe", "dsn")
		_ = db.Ping()
	})
	return db
}

func init() {
	sql.Register("safe", nopDriver{})
	http.HandleFunc("/health", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok")) })
	_ = DB // referenced, not called
}
