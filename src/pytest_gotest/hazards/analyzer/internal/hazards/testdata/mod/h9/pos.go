package h9

import (
	"os"
	"os/exec"
)

var version, _ = exec.Command("git", "describe").Output() // want `H9: var version spawns a process: \(\*exec.Cmd\).Output`

func init() {
	cmd := exec.Command("true")
	_ = cmd.Run()                                            // want `H9: \(\*exec.Cmd\).Run`
	_, _ = os.StartProcess("/bin/true", nil, &os.ProcAttr{}) // want "H9: os.StartProcess"
}
