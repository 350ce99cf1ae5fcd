// Package tables holds data tables in var initialisers, as generated code does; the analyzer
// empties the large data-only ones before type-checking (shrinkDataLiterals), which must
// change no finding.
package tables

import (
	"net"
	"os"
)

const seven = 7

// Data only: emptied, keeping the type ([20]uint16, the length conditions may use).
var weights = [...]uint16{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19}

var names = []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q"}

var index = map[string]int{"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6, "g": seven, "h": 8, "i": 9, "j": 10, "k": 11, "l": 12, "m": 13, "n": 14, "o": 15, "p": 16}

// A call among the elements: left to the checker, and its hazard found.
var ports = []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", os.Args[1]} // want "H4"

var listener, _ = net.Listen("tcp", names[len(weights)-20]+":0") // want "H1"

func init() {
	if len(weights) == 20 && index["a"] == 1 {
		net.Dial("tcp", ports[0]) // want "H2"
	}
}
