package pkgvar

import (
	"flag"
	"os"
	_ "unsafe" // for go:linkname
)

// displayFeats: klauspost/cpuid's `*bool`, set only by Flags(), which nothing in the module
// calls: nil while the binary initialises.
var displayFeats *bool

// Flags is for a program's main to call; no code here does.
func Flags() {
	displayFeats = flag.Bool("cpu.features", false, "")
}

var viaMethod bool // set by a method a dependency may call (flag.Value's Set)

type setter struct{}

func (setter) String() string { return "" }

func (setter) Set(string) error {
	viaMethod = true
	enableHelper()
	return nil
}

var viaHelper bool // set by a plain function a method calls

func enableHelper() { viaHelper = true }

var viaExport bool // set by a function C may call

//export setFromC
func setFromC() { viaExport = true }

var viaLinkname bool // set by a function another package may reach through the linker

//go:linkname setFromLinker
func setFromLinker() { viaLinkname = true }

var unreachedCount int // changed by a function only an unreached function calls

func unreachedCaller() { countUnreached() }

func countUnreached() { unreachedCount++ }

func init() {
	flag.Var(setter{}, "set", "")
	if displayFeats != nil && *displayFeats {
		os.Exit(0)
	}
	if unreachedCount > 0 {
		os.Create("unreached.log")
	}
	if viaMethod {
		os.Create("method.log") // want "H6: init writes to the file system: os.Create"
	}
	if viaHelper {
		os.Create("helper.log") // want "H6: init writes to the file system: os.Create"
	}
	if viaExport {
		os.Create("export.log") // want "H6: init writes to the file system: os.Create"
	}
	if viaLinkname {
		os.Create("linkname.log") // want "H6: init writes to the file system: os.Create"
	}
}
