package argschild

import (
	"os"
	"path/filepath"
	"testing"
)

type plugin struct{ name string }

func (p *plugin) Main() int { return len(p.name) }

// The re-exec pattern keyed on the binary's name (filippo.io/age's plugin tests: the test
// links itself as age-plugin-test and runs that): go test's binary is argschild.test, so
// only the default case runs in a test run.
func TestMain(m *testing.M) {
	switch filepath.Base(os.Args[0]) {
	case "age-plugin-test":
		p := &plugin{name: os.Args[0]}
		os.Exit(p.Main())
	case "age-plugin-error", "age-plugin-other":
		os.Exit(2)
	default:
		os.Exit(m.Run())
	}
}

func TestOK(t *testing.T) {}
