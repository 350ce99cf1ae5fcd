package reexec

import (
	"flag"
	"log"
	"os"
)

func childMain() {
	flag.Parse()
	os.Exit(0)
}

func init() {
	// The re-exec pattern: only a child process started with the variable set runs this.
	if os.Getenv("REEXEC_CHILD") == "1" {
		childMain()
	}
	if _, ok := os.LookupEnv("REEXEC_OTHER"); ok {
		childMain()
	}
	if v := os.Getenv("REEXEC_THIRD"); v != "" {
		childMain()
	}
	// Runs when the variable is NOT set, i.e. in an ordinary go test run: reported.
	if os.Getenv("REEXEC_CONFIG") == "" {
		log.Fatal("REEXEC_CONFIG is required") // H3
	}
}
