// The shipped analyzer's setting (main.go), so that the tests load code as it does.

//go:debug gotypesalias=1

package hazards

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
)

var wantModule = filepath.Join("testdata", "mod")

// TestWant: the findings on testdata/mod are exactly its want comments.
func TestWant(t *testing.T) {
	report := runOn(t, wantModule, Config{})
	wants := parseWantsOf(t, wantModule, "want", "want-linker-strings")
	for _, p := range compare(report.Findings, wants) {
		t.Error(p)
	}
	if len(report.Errors) != 0 {
		t.Errorf("errors: %+v", report.Errors)
	}
	if report.Version != ReportVersion || !strings.HasPrefix(report.Go, "go") {
		t.Errorf("header: version %d, go %q", report.Version, report.Go)
	}
}

// TestReportAllExits: without H3's path filter the assertions and error-path exits marked
// want-all-exits appear too, and nothing else changes.
func TestReportAllExits(t *testing.T) {
	report := runOn(t, wantModule, Config{ReportAllExits: true})
	wants := parseWantsOf(t, wantModule, "want", "want-linker-strings", "want-all-exits")
	for _, p := range compare(report.Findings, wants) {
		t.Error(p)
	}
}

// TestNoLinkerStrings: when the test binaries are linked without -X, string vars that no
// code changes keep their declared values, so the findings marked want-linker-strings
// (behind `if version != "dev"`) go, and nothing else changes.
func TestNoLinkerStrings(t *testing.T) {
	report := runOn(t, wantModule, Config{NoLinkerStrings: true})
	for _, p := range compare(report.Findings, parseWantsOf(t, wantModule, "want")) {
		t.Error(p)
	}
}

// parseWantsOf: the comments of every directive given; each directive must have some.
func parseWantsOf(t *testing.T, dir string, directives ...string) []want {
	t.Helper()
	var all []want
	for _, directive := range directives {
		wants, err := parseWants(dir, directive)
		if err != nil {
			t.Fatal(err)
		}
		if len(wants) == 0 {
			t.Fatalf("no %s comments in the test data", directive)
		}
		all = append(all, wants...)
	}
	return all
}

// TestEveryRuleIsCovered: each rule has a positive (a want comment) and a negative file
// that must stay silent (hN/neg.go; tNneg/ for the TestMain rules).
func TestEveryRuleIsCovered(t *testing.T) {
	wants, err := parseWants(wantModule, "want")
	if err != nil {
		t.Fatal(err)
	}
	positive := map[string]bool{}
	for _, w := range wants {
		positive[w.rule] = true
	}
	for _, r := range rules {
		if !positive[r.ID] {
			t.Errorf("rule %s: no want comment in %s", r.ID, wantModule)
		}
		neg := filepath.Join(wantModule, strings.ToLower(r.ID), "neg.go")
		if strings.HasPrefix(r.ID, "T") {
			neg = filepath.Join(wantModule, strings.ToLower(r.ID)+"neg", "main_test.go")
		}
		silent, err := parseWants(neg, "want")
		if err != nil {
			t.Errorf("rule %s: negative file: %v", r.ID, err)
		} else if len(silent) != 0 {
			t.Errorf("rule %s: %s should hold negatives only, has want comments", r.ID, neg)
		}
	}
}

// TestFindingDetails: what the want comments do not show: chains, roots, affected packages.
func TestFindingDetails(t *testing.T) {
	report := runOn(t, wantModule, Config{})
	// find: the finding on the first line of file (under wantModule) holding text.
	find := func(file, text string) Finding {
		t.Helper()
		line := lineOf(t, filepath.Join(wantModule, file), text)
		for _, f := range report.Findings {
			if strings.HasSuffix(filepath.ToSlash(f.File), file) && f.Line == line {
				return f
			}
		}
		t.Fatalf("no finding at %s:%d", file, line)
		return Finding{}
	}
	depth := find("reach/reach.go", `net.Dial("tcp", addr)`)
	if want := []string{"init", "(*client).connect", "(*client).retry", "dial", "net.Dial"}; !slices.Equal(depth.Chain, want) {
		t.Errorf("chain %q, want %q", depth.Chain, want)
	}
	if depth.Package != "example.com/want/reach" || depth.Call != "net.Dial" || depth.RootLine != lineOf(t, filepath.Join(wantModule, "reach", "reach.go"), "func init() { (&client") {
		t.Errorf("depth finding: %+v", depth)
	}
	helper := find("reach/helper/helper.go", "net.Dial")
	if want := []string{"var conn", "helper.Connect", "net.Dial"}; !slices.Equal(helper.Chain, want) {
		t.Errorf("chain %q, want %q", helper.Chain, want)
	}
	if !strings.HasSuffix(helper.RootFile, filepath.Join("reach", "reach.go")) {
		t.Errorf("root of the helper finding: %s", helper.RootFile)
	}
	lib := find("lib/lib.go", "os.Setenv")
	if want := []string{"example.com/want/users/a", "example.com/want/users/b"}; !slices.Equal(lib.Affects, want) {
		t.Errorf("lib affects %q, want %q", lib.Affects, want)
	}
	ext := find("testinit/external_test.go", "os.WriteFile")
	if ext.Package != "example.com/want/testinit_test" || !slices.Equal(ext.Affects, []string{"example.com/want/testinit"}) {
		t.Errorf("external test init: %+v", ext)
	}
	t1 := find("t1/main_test.go", "func TestMain")
	if !slices.Equal(t1.Chain, []string{"TestMain", "TestMain"}) || t1.Message != "TestMain never calls m.Run: TestMain" {
		t.Errorf("T1: %+v", t1)
	}
	// TestMain rules through helpers: the chain names each call on the way.
	deep := find("tdeep/gate/gate.go", "os.Exit(0)")
	if want := []string{"TestMain", "gate.RequireRoot", "gate.check", "os.Exit(0)"}; deep.Rule != "T2" || !slices.Equal(deep.Chain, want) || !slices.Equal(deep.Affects, []string{"example.com/want/tdeep/exitinhelper"}) {
		t.Errorf("T2 through helpers: %+v", deep)
	}
	ret := find("tdeep/returninhelper/main_test.go", "return 0")
	if want := []string{"TestMain", "run", "return"}; !slices.Equal(ret.Chain, want) {
		t.Errorf("T2 in the helper running the tests: %+v", ret)
	}
}

// TestBrokenPackage: a package that does not type-check is an Errors entry; the others are
// still analysed (testdata/broken's want comments).
func TestBrokenPackage(t *testing.T) {
	dir := filepath.Join("testdata", "broken")
	report := runOn(t, dir, Config{})
	check(t, dir, "want", report.Findings)
	if len(report.Errors) != 1 || report.Errors[0].Package != "example.com/broken/bad" ||
		!strings.Contains(report.Errors[0].Message, "cannot use") {
		t.Errorf("errors: %+v", report.Errors)
	}
}

func TestUnloadablePackageIsAnErrorsEntry(t *testing.T) {
	cleanGoEnv(t)
	report, err := Run(Config{Dir: t.TempDir(), Packages: []string{"example.com/none"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(report.Findings) != 0 || len(report.Errors) != 1 || report.Errors[0].Package != "example.com/none" {
		t.Errorf("report: %+v", report)
	}
}

func TestRunErrors(t *testing.T) {
	if _, err := Run(Config{}); err != ErrNoPackages {
		t.Errorf("no packages: %v", err)
	}
	missing := filepath.Join(t.TempDir(), "no-such-go")
	_, err := Run(Config{Go: missing, Packages: []string{"x"}})
	if err == nil || !strings.Contains(err.Error(), "go list") || !strings.Contains(err.Error(), "no-such-go") {
		t.Errorf("go missing: %v", err)
	}
}

// TestRuleTable: ids unique and in order, every rule described, every callee matched by
// one rule only (a second entry would silently win or lose).
func TestRuleTable(t *testing.T) {
	var ids []string
	owner := map[string]string{}
	for _, r := range rules {
		ids = append(ids, r.ID)
		if r.Title == "" || r.Why == "" || r.verb == "" {
			t.Errorf("rule %s: title, why and verb are all needed: %+v", r.ID, r)
		}
		for _, k := range r.calls {
			if prev, dup := owner[k]; dup {
				t.Errorf("callee %s in rules %s and %s", k, prev, r.ID)
			}
			owner[k] = r.ID
		}
	}
	want := []string{"H1", "H2", "H3", "H4", "H5", "H6", "H7", "H8", "H9", "H10", "T1", "T2", "T3", "T4"}
	if !slices.Equal(ids, want) {
		t.Errorf("rule ids %q, want %q", ids, want)
	}
	if got := callIndex(); !reflect.DeepEqual(got, owner) {
		t.Errorf("callIndex differs from the table")
	}
	// Rules returns a copy.
	Rules()[0].Title = "changed"
	if rules[0].Title == "changed" {
		t.Error("Rules() exposes the table")
	}
}

// TestReportJSON: the field names of the contract with the Python side (findings.py).
func TestReportJSON(t *testing.T) {
	data, err := json.Marshal(Report{Version: 1, Findings: []Finding{{Chain: []string{}, Affects: []string{}}}, Errors: []PackageError{{}}})
	if err != nil {
		t.Fatal(err)
	}
	var back map[string]any
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	keys := func(m map[string]any) []string {
		var out []string
		for k := range m {
			out = append(out, k)
		}
		slices.Sort(out)
		return out
	}
	if got := keys(back); !slices.Equal(got, []string{"errors", "findings", "go", "version"}) {
		t.Errorf("report keys %q", got)
	}
	finding := back["findings"].([]any)[0].(map[string]any)
	want := []string{"affects", "call", "chain", "col", "file", "line", "message", "package", "root_file", "root_line", "rule"}
	if got := keys(finding); !slices.Equal(got, want) {
		t.Errorf("finding keys %q, want %q", got, want)
	}
	perr := back["errors"].([]any)[0].(map[string]any)
	if got := keys(perr); !slices.Equal(got, []string{"message", "package"}) {
		t.Errorf("error keys %q", got)
	}
}

// TestCompare: the harness itself fails on a missing and on an unexpected finding, and on
// a message that does not match.
func TestCompare(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "x.go")
	content := "package x\n\nfunc f() {} // want \"H1\" `H2: dials`\n\nfunc g() {} // want \"H5\"\n"
	if err := os.WriteFile(src, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	wants, err := parseWants(dir, "want")
	if err != nil {
		t.Fatal(err)
	}
	if len(wants) != 3 {
		t.Fatalf("wants: %+v", wants)
	}
	exact := []Finding{
		{Rule: "H1", File: src, Line: 3, Message: "anything"},
		{Rule: "H2", File: src, Line: 3, Message: "init dials the network"},
		{Rule: "H5", File: src, Line: 5},
	}
	if p := compare(exact, wants); len(p) != 0 {
		t.Errorf("exact findings: %q", p)
	}
	wrong := []Finding{
		{Rule: "H1", File: src, Line: 3},
		{Rule: "H2", File: src, Line: 3, Message: "init listens"},
		{Rule: "H6", File: src, Line: 4},
	}
	got := compare(wrong, wants)
	canon, _ := canonical(src)
	expect := []string{
		canon + `:3: missing finding "H2: dials"`,
		canon + `:3: unexpected finding H2 "init listens" (via )`,
		canon + `:4: unexpected finding H6 "" (via )`,
		canon + `:5: missing finding "H5"`,
	}
	if !slices.Equal(got, expect) {
		t.Errorf("compare:\n got %q\nwant %q", got, expect)
	}
	for _, bad := range []string{"// want H1", "// want \"H99\"", "// want \"H1: (\"", "// want"} {
		if _, err := parseDirective(&ast.Comment{Text: bad}, "want"); err == nil {
			t.Errorf("%s: accepted", bad)
		}
	}
	if ws, err := parseDirective(&ast.Comment{Text: "// wanted \"H1\""}, "want"); err != nil || ws != nil {
		t.Errorf("another word: %v %v", ws, err)
	}
}

// lineOf: the number of the first line of file that contains text.
func lineOf(t *testing.T, file, text string) int {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(string(data), "\n") {
		if strings.Contains(line, text) {
			return i + 1
		}
	}
	t.Fatalf("%s: no line holds %q", file, text)
	return 0
}

// TestGenericAliasInExportData: a dependency declaring a generic type alias is imported from
// its export data without crashing go/importer (it did with aliases not materialised).
func TestGenericAliasInExportData(t *testing.T) {
	if !goAtLeast(24) {
		t.Skip("generic type aliases need Go 1.24")
	}
	report := runOn(t, filepath.Join("testdata", "galias"), Config{})
	if len(report.Errors) != 0 || len(report.Findings) != 0 {
		t.Errorf("errors %+v, findings %+v", report.Errors, report.Findings)
	}
}

// goAtLeast: the Go that built this test (and lists the test data) is 1.minor or newer.
func goAtLeast(minor int) bool {
	var major, got int
	if _, err := fmt.Sscanf(runtime.Version(), "go%d.%d", &major, &got); err != nil {
		return true // a development build: assume new enough
	}
	return major > 1 || got >= minor
}

// TestVariantOnlyDependency: a module-local package that go list gives only as a test-time
// recompilation, whose dependency imports the package under test, is checked without a
// "no export data" error (muktihari/xmltokenizer's internal/gpx).
func TestVariantOnlyDependency(t *testing.T) {
	report := runOn(t, filepath.Join("testdata", "variantdeps"), Config{})
	if len(report.Errors) != 0 || len(report.Findings) != 0 {
		t.Errorf("errors %+v, findings %+v", report.Errors, report.Findings)
	}
}

// TestEarlierParses: an H4 parse in a package that imports another module's package whose
// init code parses the command line (testdata/mod/h4dep, importing _fakes/flagdep) names
// that parse as running before it, reached through a helper and under an import name (and
// not flagdep's parse that its init does not reach); one importing a package whose parses
// but one sit behind testing.Testing() guards (h4guarded, importing _fakes/flagdep/guarded)
// names only that one, the parse a test binary runs; the package's read of os.Args, and
// every other package's findings, name none.
func TestEarlierParses(t *testing.T) {
	report := runOn(t, wantModule, Config{})
	abs := func(parts ...string) string {
		path, err := filepath.Abs(filepath.Join(append([]string{wantModule, "_fakes"}, parts...)...))
		if err != nil {
			t.Fatal(err)
		}
		return path
	}
	wants := map[string][]EarlierParse{
		"example.com/want/h4dep":     {{Package: "example.com/flagdep", File: abs("flagdep", "flagdep.go"), Line: 14, Call: "flag.CommandLine.Parse"}},
		"example.com/want/h4guarded": {{Package: "example.com/flagdep/guarded", File: abs("flagdep", "guarded", "guarded.go"), Line: 41, Call: "flag.CommandLine.Parse"}},
	}
	seen := map[string]int{}
	for _, f := range report.Findings {
		want, ok := wants[f.Package]
		switch {
		case ok && f.Call == "flag.Parse":
			seen[f.Package]++
			if !reflect.DeepEqual(f.After, want) {
				t.Errorf("%s:%d %s: after %+v, want %+v", f.File, f.Line, f.Call, f.After, want)
			}
		case len(f.After) != 0:
			t.Errorf("%s:%d %s: after %+v, want none", f.File, f.Line, f.Call, f.After)
		}
	}
	for pkg := range wants {
		if seen[pkg] != 1 {
			t.Errorf("%d parses found in %s, want 1", seen[pkg], pkg)
		}
	}
}
