// Package suppress: //gotest:allow comments on the hazard's line or the line above, on the
// root, or on a call on the way; only the rules they name.
package suppress

import (
	"os"
	"os/exec"
	"time"
)

func worker() {}

func init() {
	go worker() //gotest:allow H5
	//gotest:allow H7 H10
	os.Setenv("X", "1")
	time.Sleep(time.Millisecond) //gotest:allow H10 -- a short pause, measured
	//gotest:allow H5
	os.Setenv("Y", "1") // want "H7"
}

//gotest:allow H9
func init() {
	_ = exec.Command("true").Run()
}

func write() { _ = os.WriteFile("x", nil, 0o644) }

func init() {
	write() //gotest:allow H6,H7
}

func init() {
	//gotest:allow
	os.Chdir("/")
}

// Not an allow comment: a longer word.
func init() {
	//gotest:allowed H7
	os.Unsetenv("Z") // want "H7: os.Unsetenv"
}
