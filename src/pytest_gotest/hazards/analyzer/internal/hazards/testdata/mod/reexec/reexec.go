// Package reexec: the re-exec child pattern. A test re-runs its own binary with a variable
// set, and init runs the program instead of the tests: in the ordinary test binary those
// bodies never run, so they are not analysed.
package reexec

import "os"

func childMain() {
	_ = os.WriteFile("child.out", nil, 0o644)
}

func init() {
	if os.Getenv("REEXEC_CHILD") == "1" {
		childMain()
		os.Exit(0)
	}
}

func init() {
	if v := os.Getenv("REEXEC_V"); v != "" {
		os.Exit(0)
	}
}

func init() {
	if _, ok := os.LookupEnv("REEXEC_L"); ok {
		os.Exit(0)
	}
}

// The opposite test runs in a plain run: analysed.
func init() {
	if os.Getenv("REEXEC_EMPTY") == "" {
		os.Exit(0) // want "H3: os.Exit"
	}
}

// Only the gated body is skipped: its else branch runs.
func init() {
	if os.Getenv("REEXEC_ELSE") == "1" {
		os.Exit(0)
	} else {
		os.Setenv("REEXEC_ELSE", "1") // want "H7: os.Setenv"
	}
}

// The same pattern as an early return: the rest of init runs only in the child.
func init() {
	if os.Getenv("REEXEC_RET") != "1" {
		return
	}
	os.Exit(0)
}

func init() {
	if os.Getenv("REEXEC_RET_EMPTY") == "" {
		return
	}
	os.Exit(0)
}

func init() {
	if _, ok := os.LookupEnv("REEXEC_RET_L"); !ok {
		return
	}
	select {}
}

// Returning when the variable IS set: the rest runs in a plain run, analysed.
func init() {
	if os.Getenv("REEXEC_RET_SET") == "1" {
		return
	}
	os.Setenv("REEXEC_RET_SET", "1") // want "H7: os.Setenv"
}
