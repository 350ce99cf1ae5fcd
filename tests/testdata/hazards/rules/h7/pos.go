package h7

import (
	"os"
	"runtime"
	"time"
)

func init() {
	os.Setenv("TZ", "UTC") // H7
	time.Local = time.UTC // H7
	runtime.GOMAXPROCS(2) // H7
}
