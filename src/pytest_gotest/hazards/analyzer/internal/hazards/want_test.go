package hazards

// A small stand-in for golang.org/x/tools/go/analysis/analysistest (the analyzer depends on
// the standard library only): test data packages carry `// want "ID"` comments on the lines
// where the analysis must report a finding, and check compares the findings with them
// exactly, so a missed hazard and an extra one both fail.
//
// A want comment holds one quoted string (double quotes or back quotes) per finding
// expected on its line: "ID" (any finding of that rule) or "ID: regexp" (the regexp must
// match the finding's message). Other directives ("want-all-exits") work the same way for
// other configurations.

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// want is one expected finding.
type want struct {
	file    string // absolute, symlinks resolved
	line    int
	rule    string
	message *regexp.Regexp // nil: any message
	raw     string
}

type lineKey struct {
	file string
	line int
}

// parseWants reads the directive's comments from every .go file under dir.
func parseWants(dir, directive string) ([]want, error) {
	var wants []want
	fset := token.NewFileSet()
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		file, err := canonical(path)
		if err != nil {
			return err
		}
		for _, group := range f.Comments {
			for _, c := range group.List {
				found, err := parseDirective(c, directive)
				if err != nil {
					return fmt.Errorf("%s: %v", fset.Position(c.Slash), err)
				}
				line := fset.Position(c.Slash).Line
				for _, w := range found {
					w.file, w.line = file, line
					wants = append(wants, w)
				}
			}
		}
		return nil
	})
	return wants, err
}

// parseDirective: the wants of one comment, nil when it is not the directive.
func parseDirective(c *ast.Comment, directive string) ([]want, error) {
	text, ok := strings.CutPrefix(c.Text, "//")
	if !ok {
		return nil, nil
	}
	rest, ok := strings.CutPrefix(strings.TrimSpace(text), directive)
	if !ok || (rest != "" && rest[0] != ' ' && rest[0] != '\t') {
		return nil, nil
	}
	var out []want
	for rest = strings.TrimSpace(rest); rest != ""; rest = strings.TrimSpace(rest) {
		quoted, err := strconv.QuotedPrefix(rest)
		if err != nil {
			return nil, fmt.Errorf("%s: expected a quoted string at %q", directive, rest)
		}
		rest = rest[len(quoted):]
		s, _ := strconv.Unquote(quoted)
		rule, pattern, hasPattern := strings.Cut(s, ": ")
		w := want{rule: rule, raw: s}
		if hasPattern {
			re, err := regexp.Compile(pattern)
			if err != nil {
				return nil, fmt.Errorf("%s %s: %v", directive, quoted, err)
			}
			w.message = re
		}
		if ruleIndex(rule) < 0 {
			return nil, fmt.Errorf("%s %s: unknown rule %q", directive, quoted, rule)
		}
		out = append(out, w)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s without a quoted expectation", directive)
	}
	return out, nil
}

func ruleIndex(id string) int {
	for i, r := range rules {
		if r.ID == id {
			return i
		}
	}
	return -1
}

// compare matches findings to wants line by line, one to one, and describes every finding
// nobody wanted and every want nothing matched. Empty means equal.
func compare(findings []Finding, wants []want) []string {
	pending := map[lineKey][]want{}
	for _, w := range wants {
		k := lineKey{w.file, w.line}
		pending[k] = append(pending[k], w)
	}
	var problems []string
	for _, f := range findings {
		file, err := canonical(f.File)
		if err != nil {
			file = f.File
		}
		k := lineKey{file, f.Line}
		matched := -1
		for i, w := range pending[k] {
			if w.rule == f.Rule && (w.message == nil || w.message.MatchString(f.Message)) {
				matched = i
				break
			}
		}
		if matched < 0 {
			problems = append(problems, fmt.Sprintf("%s:%d: unexpected finding %s %q (via %s)",
				file, f.Line, f.Rule, f.Message, strings.Join(f.Chain, " -> ")))
			continue
		}
		pending[k] = append(pending[k][:matched], pending[k][matched+1:]...)
	}
	for k, ws := range pending {
		for _, w := range ws {
			problems = append(problems, fmt.Sprintf("%s:%d: missing finding %q", k.file, k.line, w.raw))
		}
	}
	sort.Strings(problems)
	return problems
}

func canonical(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	return filepath.EvalSymlinks(abs)
}

// testPackages: the packages of the module at dir with test files, which is what
// pytest-gotest hands the analyzer.
func testPackages(t *testing.T, dir string) []string {
	t.Helper()
	cmd := exec.Command("go", "list", "-e", "-f", "{{if or .TestGoFiles .XTestGoFiles}}{{.ImportPath}}{{end}}", "./...")
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list in %s: %v", dir, err)
	}
	return strings.Fields(string(out))
}

// cleanGoEnv keeps the developer's go settings out of the test data modules' loading.
func cleanGoEnv(t *testing.T) {
	t.Setenv("GOFLAGS", "")
	t.Setenv("GOWORK", "off")
}

// runOn analyses every tested package of the module at dir.
func runOn(t *testing.T, dir string, cfg Config) Report {
	t.Helper()
	cleanGoEnv(t)
	cfg.Dir = dir
	cfg.Packages = testPackages(t, dir)
	report, err := Run(cfg)
	if err != nil {
		t.Fatalf("Run on %s: %v", dir, err)
	}
	return report
}

// check reports every difference between the findings and the directive's comments.
func check(t *testing.T, dir, directive string, findings []Finding) {
	t.Helper()
	wants, err := parseWants(dir, directive)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range compare(findings, wants) {
		t.Error(p)
	}
}
