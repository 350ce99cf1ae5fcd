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
	"runtime/pprof"
	"sort"
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
	flag.BoolVar(&sourceImporter, "source-importer", false, "type-check imports from source, not export data (for measuring)")
	flag.BoolVar(&reportAllExits, "report-all-exits", false, "H3: also report panics under conditions and exits on error paths (for measuring)")
	flag.Parse()
	_ = asJSON
	if prof := os.Getenv("GOTEST_HAZARDS_CPUPROFILE"); prof != "" {
		// For measuring the analyzer itself (benchmarks), never set by the plugin.
		if f, err := os.Create(prof); err == nil {
			_ = pprof.StartCPUProfile(f)
			defer pprof.StopCPUProfile()
		}
	}
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
	findings := analyse(prog)
	sortFindings(findings)
	if findings == nil {
		findings = []Finding{}
	}
	errs := prog.errors
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].Package < errs[j].Package })
	if errs == nil {
		errs = []pkgError{}
	}
	emit(output{Version: 1, Go: prog.goVersion, Findings: findings, Errors: errs})
}

// analyse type-checks and analyses the base units, then each package under test's test
// units in turn (dropping them afterwards: each holds its own imported packages).
func analyse(prog *program) []Finding {
	a := newAnalyzer(prog)
	for _, k := range sortedKeys(prog.base) {
		prog.check(prog.base[k])
		prog.reportErrors(prog.base[k])
		a.register(prog.base[k])
	}
	sup := newSuppressor(prog)
	var findings []Finding
	for _, k := range sortedKeys(prog.base) {
		findings = append(findings, a.findings(prog.base[k], sup)...)
	}
	for _, p := range sortedKeys(prog.tests) {
		units := prog.tests[p]
		sort.Slice(units, func(i, j int) bool { return units[i].variant < units[j].variant })
		type reg struct {
			keys []string
			vars []any
		}
		regs := make([]reg, len(units))
		for i, u := range units {
			prog.check(u)
			prog.reportTestErrors(u)
			regs[i].keys, regs[i].vars = a.register(u)
		}
		for _, u := range units {
			findings = append(findings, a.findings(u, sup)...)
			findings = append(findings, a.testMainFindings(u, sup)...)
		}
		for i, u := range units {
			a.unregister(u, regs[i].keys, regs[i].vars)
		}
		// Drop this test binary's variants: nothing else imports them.
		for k, v := range prog.variantUnits {
			if strings.HasSuffix(k, " ["+p+".test]") {
				v.info, v.types, v.files = nil, nil, nil
				delete(prog.variantUnits, k)
			}
		}
	}
	return findings
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
