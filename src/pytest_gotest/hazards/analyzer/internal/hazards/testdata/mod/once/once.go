// Package once: sync.OnceFunc, OnceValue and OnceValues (Go 1.21) run their function on the
// first call of what they return; a call at init runs it then.
package once

import (
	"os"
	"sync"
	"time"
)

var setup = sync.OnceFunc(func() {
	os.MkdirAll("state", 0o755) // want "H6: os.MkdirAll"
})

func init() {
	setup()
}

func readConfig() string {
	time.Sleep(time.Second) // want "H10: time.Sleep"
	return "cfg"
}

var config = sync.OnceValue(readConfig)

var loaded = config()

func dial() (string, error) {
	os.Setenv("DIALED", "1") // want "H7: os.Setenv"
	return "", nil
}

var conn, connErr = sync.OnceValues(dial)()

// Wrapped but never called at init: nothing runs.
var lazy = sync.OnceFunc(func() {
	os.Create("lazy.log")
})

func Use() { lazy() }
