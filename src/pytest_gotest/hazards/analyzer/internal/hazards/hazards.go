// Package hazards statically finds what runs at package initialisation (init() bodies and
// package-level variable initialisers, followed through module-local calls) and in TestMain
// that hurts under `go test`. Run is the whole analysis; the gotest-hazards command is a thin
// main over it, and its JSON output is the contract with pytest-gotest's Python side (see
// docs/init-hazards.md in the repository).
//
// Packages are loaded with `go list -deps -test -export`: the module's own packages are
// type-checked from source (their syntax is needed), everything they import comes from the
// compiler's export data, as go vet does. Before that, a screen of the module's syntax
// (screen.go) may show that no rule can match: then nothing is listed or type-checked.
package hazards

import (
	"errors"
	"go/ast"
	"go/token"
	"os/exec"
	"sort"
	"strings"
)

// Config is one analysis: which packages, where, with which go command.
type Config struct {
	// Dir is the directory go list runs in (the module root); "" is the current directory.
	Dir string
	// Go is the go command; "" is "go" from PATH.
	Go string
	// Tags are the build tags, comma-separated, as for go test -tags.
	Tags string
	// Packages are the import paths of the packages under test (their test binaries are
	// what is analysed).
	Packages []string
	// SourceImporter type-checks imports from source instead of export data. Only for
	// measuring the two against each other; much slower.
	SourceImporter bool
	// KeepBodies type-checks every function body, not only those a root may reach, and every
	// data literal (for measuring what pruneUnreachable and shrinkDataLiterals save and
	// checking that they change no finding).
	KeepBodies bool
	// ReportAllExits turns H3's path filter off (conditional panics, exits on error paths).
	// Only for measuring the filter.
	ReportAllExits bool
	// GoVersion is what `go env GOVERSION` says, for the report; "" asks go (one more
	// process: the plugin knows it already and passes it).
	GoVersion string
	// NoScreen always lists and type-checks, even when the packages' syntax shows that no
	// rule can match (screen.go). Only for measuring the screen and checking that it
	// changes no finding.
	NoScreen bool
	// NoLinkerStrings: the test binaries are linked without -X (no -ldflags of the run
	// sets a string var), so a string var keeps its declared value like any other var
	// nothing changes. Without it, the linker may set any string (the safe default).
	NoLinkerStrings bool
}

// ReportVersion is the version of the JSON contract (Report's fields).
const ReportVersion = 1

// Report is the result of one analysis, as the gotest-hazards command prints it.
type Report struct {
	Version  int            `json:"version"`
	Go       string         `json:"go"` // go env GOVERSION, "" when go cannot say
	Findings []Finding      `json:"findings"`
	Errors   []PackageError `json:"errors"`
}

// Finding is one reported hazard.
type Finding struct {
	Rule     string   `json:"rule"`
	File     string   `json:"file"` // absolute path of the hazardous call or statement
	Line     int      `json:"line"`
	Col      int      `json:"col"`
	RootFile string   `json:"root_file"` // the init, var initialiser or TestMain it is reached from
	RootLine int      `json:"root_line"`
	Package  string   `json:"package"` // import path of the package holding the root
	Call     string   `json:"call"`
	Chain    []string `json:"chain"` // root, the local calls on the way, the hazardous call
	Message  string   `json:"message"`
	Affects  []string `json:"affects"` // packages under test whose test binaries run it
	// After: for a command-line parse (H4), the parses of other modules' init code that run
	// before it when they run: the first of them is the one that breaks the binary.
	After []EarlierParse `json:"after,omitempty"`
}

// PackageError is a package that could not be (fully) analysed: go list could not load it,
// or it does not type-check. The other packages are still analysed.
type PackageError struct {
	Package string `json:"package"`
	Message string `json:"message"`
}

// ErrNoPackages is returned by Run when Config.Packages is empty.
var ErrNoPackages = errors.New("no import paths given")

// Run analyses the test binaries of cfg.Packages. An error means the analysis itself could
// not run (no packages, go list failed); problems with single packages are Report.Errors.
func Run(cfg Config) (Report, error) {
	if len(cfg.Packages) == 0 {
		return Report{}, ErrNoPackages
	}
	if cfg.Go == "" {
		cfg.Go = "go"
	}
	fset := token.NewFileSet()
	var parsed map[string]*ast.File
	if !cfg.NoScreen && !cfg.KeepBodies {
		s := screenModule(cfg, fset)
		if s.why == "" {
			return Report{Version: ReportVersion, Go: cfg.goVersion(), Findings: []Finding{}, Errors: []PackageError{}}, nil
		}
		parsed = s.parsed
	}
	prog, err := load(cfg, fset, parsed)
	if err != nil {
		return Report{}, err
	}
	prog.goVersion = cfg.goVersion()
	findings := analyse(prog, newAnalyzer(prog, cfg))
	sortFindings(findings)
	if findings == nil {
		findings = []Finding{}
	}
	errs := prog.errors
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].Package < errs[j].Package })
	if errs == nil {
		errs = []PackageError{}
	}
	return Report{Version: ReportVersion, Go: prog.goVersion, Findings: findings, Errors: errs}, nil
}

// analyse type-checks and analyses the base units, then each package under test's test
// units in turn (dropping them afterwards: each holds its own imported packages).
func analyse(prog *program, a *analyzer) []Finding {
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

// goVersion is the version the plugin passed, else what go says.
func (cfg Config) goVersion() string {
	if cfg.GoVersion != "" {
		return cfg.GoVersion
	}
	cmd := exec.Command(cfg.Go, "env", "GOVERSION")
	cmd.Dir = cfg.Dir
	out, err := cmd.Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}
