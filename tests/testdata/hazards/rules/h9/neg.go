package h9

import "os/exec"

var gitPath, _ = exec.LookPath("git")

var cmd = exec.Command("git", "status")
