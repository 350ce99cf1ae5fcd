// Command gotest-hazards statically finds what runs at package initialisation (init()
// bodies and package-level variable initialisers, followed through module-local calls) and
// in TestMain that hurts under `go test`. It is built and run by pytest-gotest; its output is
// one JSON object on stdout (see the contract in the repository's docs/init-hazards.md).
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

type output struct {
	Version  int        `json:"version"`
	Go       string     `json:"go"`
	Findings []Finding  `json:"findings"`
	Errors   []pkgError `json:"errors"`
}

func main() {
	dir := flag.String("C", ".", "module root to run go list in")
	tags := flag.String("tags", "", "comma-separated build tags")
	goCmd := flag.String("go", "go", "path to the go command")
	asJSON := flag.Bool("json", false, "print JSON (the only output format)")
	listRules := flag.Bool("rules", false, "print the rule table and exit")
	flag.Parse()
	_ = asJSON
	if *listRules {
		emit(rules)
		return
	}
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "gotest-hazards: no import paths given")
		os.Exit(2)
	}
	prog, err := load(*goCmd, *dir, *tags, flag.Args())
	if err != nil {
		fmt.Fprintln(os.Stderr, "gotest-hazards:", err)
		os.Exit(1)
	}
	prog.goVersion = goVersion(*goCmd, *dir)
	prog.checkAll()
	a := newAnalyzer(prog)
	sup := newSuppressor(prog)
	findings := append(a.findings(sup), a.testMainFindings(sup)...)
	sortFindings(findings)
	if findings == nil {
		findings = []Finding{}
	}
	errs := prog.errors
	if errs == nil {
		errs = []pkgError{}
	}
	emit(output{Version: 1, Go: prog.goVersion, Findings: findings, Errors: errs})
}

func emit(v any) {
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(v); err != nil {
		fmt.Fprintln(os.Stderr, "gotest-hazards:", err)
		os.Exit(1)
	}
}

func goVersion(goCmd, dir string) string {
	cmd := exec.Command(goCmd, "env", "GOVERSION")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}
