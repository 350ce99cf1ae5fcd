package h3

import (
	"log"
	"os"
)

func init() {
	if os.Getenv("H3_CONFIG") == "" {
		log.Fatal("H3_CONFIG not set") // H3
	}
}

func init() {
	os.Exit(0) // H3
}
