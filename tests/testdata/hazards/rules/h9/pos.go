package h9

import "os/exec"

var gitVersion, _ = exec.Command("git", "--version").Output() // H9
