package h7

import (
	"io"
	"log"
	"log/slog"
	"os"
	"runtime"
	"time"
)

func init() {
	os.Setenv("TZ", "UTC")                                          // want "H7: init changes process-global state: os.Setenv"
	time.Local = time.UTC                                           // want "H7: assignment to time.Local"
	runtime.GOMAXPROCS(2)                                           // want "H7: runtime.GOMAXPROCS"
	log.SetOutput(io.Discard)                                       // want "H7: log.SetOutput"
	os.Stdout = os.Stderr                                           // want "H7: assignment to os.Stdout"
	slog.SetDefault(slog.New(slog.NewTextHandler(io.Discard, nil))) // want "H7: slog.SetDefault"
	log.SetFlags(log.Lshortfile)                                    // want "H7: log.SetFlags"
	log.SetPrefix("h7: ")                                           // want "H7: log.SetPrefix"
}
