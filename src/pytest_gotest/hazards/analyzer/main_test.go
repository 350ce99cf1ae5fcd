package main

import (
	"bytes"
	"encoding/json"
	"math"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"testing"
	"time"

	"pytest-gotest/hazards/analyzer/internal/hazards"
)

// The command's own behaviour; the analysis is tested in internal/hazards.
var goodModule = filepath.Join("internal", "hazards", "testdata", "broken")

func runCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	t.Setenv("GOFLAGS", "")
	t.Setenv("GOWORK", "off")
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestRulesJSONIsTheTable(t *testing.T) {
	code, out, _ := runCmd(t, "-rules", "-json")
	var got []hazards.Rule
	if err := json.Unmarshal([]byte(out), &got); err != nil || code != 0 {
		t.Fatalf("exit %d, %v: %s", code, err, out)
	}
	if !reflect.DeepEqual(got, stripped(hazards.Rules())) {
		t.Errorf("-rules -json: %+v", got)
	}
	code, out, _ = runCmd(t, "-rules")
	if code != 0 || !strings.HasPrefix(out, "H1   network listener at init: every test binary") {
		t.Errorf("-rules: exit %d: %s", code, out)
	}
}

// stripped: the rules as JSON carries them (exported fields only).
func stripped(rules []hazards.Rule) []hazards.Rule {
	out := make([]hazards.Rule, len(rules))
	for i, r := range rules {
		out[i] = hazards.Rule{ID: r.ID, Title: r.Title, Why: r.Why, Fix: r.Fix}
	}
	return out
}

func TestJSONAndTextOutput(t *testing.T) {
	args := []string{"-C", goodModule, "example.com/broken/good", "example.com/broken/bad"}
	code, out, errOut := runCmd(t, append([]string{"-json"}, args...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var report hazards.Report
	if err := json.Unmarshal([]byte(out), &report); err != nil {
		t.Fatal(err)
	}
	if len(report.Findings) != 2 || len(report.Errors) != 1 {
		t.Fatalf("report: %+v", report)
	}
	if report.Go == "" {
		t.Errorf("the report names no Go version (asked go env GOVERSION)")
	}
	code, out, errOut = runCmd(t, append([]string{"-json", "-goversion", "go9.9.9"}, args...)...)
	if err := json.Unmarshal([]byte(out), &report); err != nil || code != 0 || report.Go != "go9.9.9" {
		t.Fatalf("-goversion: exit %d, %v, report.Go %q: %s", code, err, report.Go, errOut)
	}

	code, out, errOut = runCmd(t, args...)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 2 {
		t.Fatalf("exit %d: %q", code, out)
	}
	f := report.Findings[1]
	want := f.File + ":6:2: H10 init blocks: time.Sleep (via init -> time.Sleep; affects example.com/broken/good)"
	if lines[1] != want {
		t.Errorf("text line %q, want %q", lines[1], want)
	}
	if !strings.HasPrefix(errOut, "gotest-hazards: example.com/broken/bad not analysed: ") {
		t.Errorf("stderr %q", errOut)
	}
}

func TestUsageAndFailure(t *testing.T) {
	if code, _, errOut := runCmd(t); code != 2 || !strings.Contains(errOut, "no import paths given") {
		t.Errorf("no packages: exit %d: %s", code, errOut)
	}
	if code, _, _ := runCmd(t, "-no-such-flag"); code != 2 {
		t.Errorf("unknown flag: exit %d", code)
	}
	missing := filepath.Join(t.TempDir(), "no-such-go")
	code, out, errOut := runCmd(t, "-go", missing, "-json", "x")
	if code != 1 || out != "" || !strings.Contains(errOut, "no-such-go") {
		t.Errorf("go missing: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

// gcSettings reads the collector's percent and memory limit without changing them.
func gcSettings() (percent, limit int64) {
	samples := []metrics.Sample{{Name: "/gc/gogc:percent"}, {Name: "/gc/gomemlimit:bytes"}}
	metrics.Read(samples)
	return int64(samples[0].Value.Uint64()), int64(samples[1].Value.Uint64())
}

var sink [][]byte

func TestDeferGCUntilTheLimitThenDefaultPacing(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	t.Cleanup(func() {
		sink = nil
		debug.SetGCPercent(100)
		debug.SetMemoryLimit(math.MaxInt64)
	})
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	limit := int64(before.HeapAlloc) + 32<<20
	deferGC(limit)
	if percent, got := gcSettings(); percent != -1 || got != limit {
		t.Fatalf("after deferGC: percent %d, limit %d (want off, %d)", percent, got, limit)
	}
	// Below the limit: no collection.
	var mid runtime.MemStats
	for i := 0; i < 8; i++ {
		sink = append(sink, make([]byte, 1<<20))
	}
	runtime.ReadMemStats(&mid)
	if mid.NumGC != before.NumGC {
		t.Errorf("%d collections below the limit", mid.NumGC-before.NumGC)
	}
	// Past it: the limit's collection finalizes the sentinel, which restores the pacing.
	sink = nil
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		_ = make([]byte, 1<<20)
		if percent, got := gcSettings(); percent == 100 && got == math.MaxInt64 {
			return
		}
		runtime.Gosched() // let the finalizer goroutine run
	}
	percent, got := gcSettings()
	t.Fatalf("default pacing not restored past the limit: percent %d, limit %d", percent, got)
}

func TestDeferGCLeavesTheUsersSettings(t *testing.T) {
	t.Setenv("GOGC", "50")
	deferGC(1 << 30)
	if percent, _ := gcSettings(); percent == -1 {
		t.Errorf("GOGC=50 in the environment, but the collector was turned off")
	}
}

// Every package the analyzer imports is one more for go to check before each first run of
// pytest-gotest, and net brings cgo (a C compiler probe, and cgo compiles on an empty build
// cache). runtime/pprof is only linked with -tags gotest_hazards_profile.
func TestLinksNeitherNetNorCgoNorPprof(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", ".")
	cmd.Env = append(cmd.Environ(), "GOWORK=off", "GOFLAGS=")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		switch dep {
		case "net", "runtime/cgo", "runtime/pprof":
			t.Errorf("the analyzer imports %s", dep)
		}
	}
}
