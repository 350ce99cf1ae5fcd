package rangetable

import (
	"net"
	"os"
	"time"
)

// Tables whose elements may not be the literal's by the time an init ranges over them:
// not followed (each function here is reached only through its table).

// An element replaced.
var patched = []func(){listenPatched}

func listenPatched() { net.Listen("tcp", ":8081") }

func init() {
	patched[0] = nop
	for _, f := range patched {
		f()
	}
}

// The whole table replaced, by another init (which may run first).
var replaced = []func(){listenReplaced}

func listenReplaced() { net.Listen("tcp", ":8082") }

func init() { replaced = []func(){nop} }

func init() {
	for _, f := range replaced {
		f()
	}
}

// Handed to a function, which may change it.
var handed = []func(){listenHanded}

func listenHanded() { net.Listen("tcp", ":8083") }

func reorder(fs []func()) { fs[0] = nop }

func init() {
	reorder(handed)
	for _, f := range handed {
		f()
	}
}

// Local tables: reassigned; an element assigned; copied to another local.
func init() {
	t := []func(){exitLocal}
	t = []func(){nop}
	for _, f := range t {
		f()
	}
}

func exitLocal() { os.Exit(0) }

func init() {
	t := []func(){sleepLocal}
	t[0] = nop
	for _, f := range t {
		f()
	}
}

func sleepLocal() { time.Sleep(time.Second) }

func init() {
	t := []func(){setenvLocal}
	u := t
	u[0] = nop
	for _, f := range t {
		f()
	}
}

func setenvLocal() { os.Setenv("A", "b") }

// Ranged over into a variable declared outside the loop: not followed.
var assignedTo = []func(){chdirAssigned}

func chdirAssigned() { os.Chdir("/tmp") }

func init() {
	var f func()
	for _, f = range assignedTo {
		f()
	}
}

// Stored, never ranged over nor called.
var stored = []func(){removeStored}

func removeStored() { os.Remove("x") }
