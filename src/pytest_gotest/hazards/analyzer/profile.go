//go:build gotest_hazards_profile

package main

import (
	"os"
	"runtime/pprof"
)

// With this tag, GOTEST_HAZARDS_CPUPROFILE=file writes the analyzer's CPU profile there.
func init() {
	withProfile = func(command func() int) int {
		prof := os.Getenv("GOTEST_HAZARDS_CPUPROFILE")
		if prof == "" {
			return command()
		}
		f, err := os.Create(prof)
		if err != nil {
			return command()
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return command()
		}
		defer pprof.StopCPUProfile()
		return command()
	}
}
