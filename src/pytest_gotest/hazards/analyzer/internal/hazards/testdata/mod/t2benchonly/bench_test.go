package t2benchonly

import (
	"flag"
	"os"
	"testing"
)

// google.golang.org/protobuf's internal/benchmarks: TestMain loads data only for benchmarks
// and returns before m.Run otherwise. The binary has no test, example or fuzz target, so the
// return skips nothing: no T2.
func TestMain(m *testing.M) {
	flag.Parse()
	if flag.Lookup("test.bench").Value.String() == "" {
		return
	}
	os.Exit(m.Run())
}

func BenchmarkWire(b *testing.B) {}

// Testing and Examples are not test or example names: lower case after the prefix.
func Testing() {}

func Examples() {}
