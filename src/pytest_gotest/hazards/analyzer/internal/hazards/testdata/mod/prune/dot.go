package prune

import (
	"os"

	. "example.com/want/prune/hooks"
)

// Assigned through a dot import, in a function nothing at init calls: a call through
// hooks.OnReady still reaches every value assigned to it.
func SetReady() { OnReady = exitNow }

func exitNow() { os.Exit(3) } // want "H3: init exits the process: os.Exit"
