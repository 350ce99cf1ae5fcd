// Package tbl: exported tables of functions that other packages change before an init
// ranges over them (patcher, user): not followed.
package tbl

import (
	"net"
	"os"
)

// All: an element replaced through an import renamed (patcher).
var All = []func(){listenTbl}

func listenTbl() { net.Listen("tcp", ":8090") }

// Dotted: an element replaced through a dot import (patcher).
var Dotted = []func(){exitTbl}

func exitTbl() { os.Exit(3) }

// Handed: handed out whole by another package (patcher), which may then change it.
var Handed = []func(){chdirTbl}

func chdirTbl() { os.Chdir("/") }

// Linked: an element replaced under another name that //go:linkname gives it (patcher).
var Linked = []func(){removeTbl}

func removeTbl() { os.Remove("tbl") }
