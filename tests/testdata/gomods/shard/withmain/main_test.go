package withmain

import (
	"fmt"
	"os"
	"testing"
)

// TestMain runs once per go test process: with --go-shard, once per shard. It appends a line
// to $SHARD_TESTMAIN_LOG (when set) so that the tests can count its runs.
func TestMain(m *testing.M) {
	fmt.Println("TestMain of withmain ran")
	if path := os.Getenv("SHARD_TESTMAIN_LOG"); path != "" {
		f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err == nil {
			fmt.Fprintln(f, "withmain")
			f.Close()
		}
	}
	os.Exit(m.Run())
}

func TestM1(t *testing.T) {}

func TestM2(t *testing.T) {}

func TestM3(t *testing.T) {}

func TestM4(t *testing.T) { t.Fatal("TestM4 fails on purpose") }
