package t2const

import (
	"os"
	"runtime"
	"testing"
)

// Branches that a constant condition rules out for this build never run: no T2, T3 or T4
// in them (mvdan.cc/sh's `if runtime.GOOS == "js" { return }`). The live side of such an
// if still counts.
func TestMain(m *testing.M) {
	if runtime.GOOS == "js" {
		return
	}
	if runtime.GOOS == "plan9" {
		os.Exit(0)
	} else if runtime.GOOS == "nonesuch" {
		return
	}
	if false {
		defer cleanup()
	}
	if runtime.GOOS != "nonesuch" {
		setupOrSkip()
	}
	code := m.Run()
	if runtime.GOOS == "windows" && runtime.GOOS == "linux" {
		os.Exit(3)
	}
	os.Exit(code)
}

func setupOrSkip() {
	if os.Getenv("T2CONST_DB") == "" {
		os.Exit(0) // want "T2: TestMain exits before m.Run: os.Exit\\(0\\)"
	}
}

func cleanup() {}

func TestOK(t *testing.T) {}
