package h9

import "os/exec"

// Describing a command or finding a program starts nothing.
var (
	cmd     = exec.Command("true")
	path, _ = exec.LookPath("git")
)
