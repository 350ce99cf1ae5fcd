package h3

import (
	"log"
	"os"

	"github.com/sirupsen/logrus"
)

// An exit under a condition that depends on the machine: reported.
func init() {
	if os.Getenv("H3_CONFIG") == "" {
		log.Fatal("H3_CONFIG not set") // want "H3: init exits the process: log.Fatal"
	}
}

// os.Exit(0) is a false pass with zero tests: reported even on an error path.
func init() {
	if _, err := os.Getwd(); err != nil {
		os.Exit(0) // want `H3: os.Exit\(0\)`
	}
}

func init() {
	os.Exit(3) // want "H3: os.Exit"
}

var logger = logrus.New()

func init() {
	logrus.Fatal("no config")         // want "H3: init exits the process: logrus.Fatal"
	logger.Fatalf("no config: %d", 1) // want `H3: \(\*logrus.Logger\).Fatalf`
}

// A panic reached unconditionally.
var table = build()

func build() map[string]int {
	panic("not implemented") // want "H3: var table exits the process: panic"
}
