// Package system starts a process, which GOOS=js and GOOS=wasip1 cannot do: their
// os/exec finds no executable (and their network is an in-memory fake, loopback only).
package system

import "os/exec"

// Shell runs a POSIX shell command.
func Shell(command string) error { return exec.Command("sh", "-c", command).Run() }
