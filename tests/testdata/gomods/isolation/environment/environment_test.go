package environment

import (
	"os"
	"sort"
	"strings"
	"testing"
	"time"
)

// What the test binary sees of its environment, logged for the plugin's tests to read (with
// -rP). Go replays this output as it was when it serves the result from its test cache. The
// test reads environment variables only: a test that opens its private HOME or TMPDIR is
// never cached (docs/isolation.md).
func TestReport(t *testing.T) {
	var names []string
	for _, entry := range os.Environ() {
		names = append(names, strings.SplitN(entry, "=", 2)[0])
	}
	sort.Strings(names)
	t.Logf("ENV=%s", strings.Join(names, ","))
	for _, name := range []string{"HOME", "TMPDIR", "TZ", "ISOLATION_EXTRA", "ISOLATION_SECRET"} {
		t.Logf("%s=%s", name, os.Getenv(name))
	}
	t.Logf("LOCATION=%s", time.Now().Location())
}
