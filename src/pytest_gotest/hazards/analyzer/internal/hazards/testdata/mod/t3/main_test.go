package t3

import (
	"log"
	"os"
	"testing"
)

type db struct{}

func (db) Close() {}

func TestMain(m *testing.M) {
	d := db{}
	defer d.Close()
	if os.Getenv("T3_FAIL") != "" {
		log.Fatal("failing") // want "T3: TestMain exits with a pending defer: log.Fatal"
	}
	os.Exit(m.Run()) // want "T3: TestMain exits with a pending defer: os.Exit"
}

func TestOK(t *testing.T) {}
