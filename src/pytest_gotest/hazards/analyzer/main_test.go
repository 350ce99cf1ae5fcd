package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

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
