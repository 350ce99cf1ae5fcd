// Package cgoinit uses C types the way cgo wrappers do (github.com/mattn/go-sqlite3). The
// analysis type-checks without running cgo, so every C name has an invalid type: the errors
// that follow from it are not the package's, and its init code is still analysed.
package cgoinit

/*
#include <stdlib.h>
typedef struct { int n; } row;
*/
import "C"

import (
	"os"
	"unsafe"
)

type stmt struct {
	rows *C.row
}

func (s *stmt) free() {
	if s.rows != nil {
		C.free(unsafe.Pointer(s.rows))
		s.rows = nil
	}
}

var size = int(unsafe.Sizeof(C.row{}))

func init() {
	(&stmt{}).free()          // reached from init: its body is type-checked
	os.Setenv("CGOINIT", "1") // want "H7"
}
