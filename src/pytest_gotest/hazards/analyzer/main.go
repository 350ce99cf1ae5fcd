// Generic type aliases (Go 1.24) in a dependency's export data crash go/importer unless
// aliases are materialised, which go.mod's go 1.22 leaves off by default
// (plgd-dev/go-coap/v3 v3.8.1: "assertion failed" in newAliasTypeName).

//go:debug gotypesalias=1

// Command gotest-hazards reports what runs at package initialisation and in TestMain that
// hurts under `go test` (package internal/hazards does the analysis). pytest-gotest builds it
// with the user's go and runs it with -json; run by hand it prints one line per finding:
//
//	gotest-hazards [-C dir] [-tags t1,t2] [-go go] [-goversion v] [-json] importpath...
//	gotest-hazards [-C dir] -screen-only importpath...
//	gotest-hazards -rules [-json]
//
// Exit status 0 when the analysis ran (whatever it found), 1 when it could not run, 2 for a
// usage error.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"strings"

	"pytest-gotest/hazards/analyzer/internal/hazards"
)

// noGCBelow is the heap size below which the analyzer never collects garbage.
const noGCBelow = 256 << 20

func main() {
	deferGC(noGCBelow)
	os.Exit(withProfile(func() int { return run(os.Args[1:], os.Stdout, os.Stderr) }))
}

// withProfile runs the command. Built with -tags gotest_hazards_profile, profile.go makes it
// write a CPU profile (for measuring the analyzer). runtime/pprof is not linked otherwise:
// every package the analyzer imports is one more for go to check on each first run.
var withProfile = func(command func() int) int { return command() }

// run is the command without the process: arguments in, exit status out.
func run(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("gotest-hazards", flag.ContinueOnError)
	flags.SetOutput(stderr)
	var cfg hazards.Config
	flags.StringVar(&cfg.Dir, "C", ".", "module root to run go list in")
	flags.StringVar(&cfg.Tags, "tags", "", "comma-separated build tags")
	flags.StringVar(&cfg.Go, "go", "go", "path to the go command")
	flags.StringVar(&cfg.GoVersion, "goversion", "", "what `go env GOVERSION` says (asked when empty)")
	asJSON := flags.Bool("json", false, "print one JSON object (the contract with pytest-gotest) instead of text")
	listRules := flags.Bool("rules", false, "print the rule table and exit")
	flags.BoolVar(&cfg.SourceImporter, "source-importer", false, "type-check imports from source, not export data (for measuring)")
	flags.BoolVar(&cfg.KeepBodies, "keep-bodies", false, "type-check every function body, even those no init or TestMain can reach (for measuring)")
	flags.BoolVar(&cfg.NoScreen, "no-screen", false, "list and type-check even when the syntax shows that no rule can match (for measuring)")
	screenOnly := flags.Bool("screen-only", false, "print whether the syntax alone rules every finding out (clean), or what does not, and exit")
	flags.BoolVar(&cfg.NoLinkerStrings, "no-linker-strings", false, "the test binaries are linked without -X: string vars keep their declared values")
	flags.BoolVar(&cfg.ReportAllExits, "report-all-exits", false, "H3: also report panics under conditions and exits on error paths (for measuring)")
	if err := flags.Parse(args); err != nil {
		return 2
	}
	if *listRules {
		if *asJSON {
			return emit(stdout, stderr, hazards.Rules())
		}
		for _, r := range hazards.Rules() {
			fmt.Fprintf(stdout, "%-4s %s: %s; fix: %s\n", r.ID, r.Title, r.Why, r.Fix)
		}
		return 0
	}
	cfg.Packages = flags.Args()
	if *screenOnly {
		why := hazards.Screen(cfg)
		if why == "" {
			why = "clean"
		}
		fmt.Fprintln(stdout, why)
		return 0
	}
	report, err := hazards.Run(cfg)
	if errors.Is(err, hazards.ErrNoPackages) {
		fmt.Fprintln(stderr, "gotest-hazards:", err)
		flags.Usage()
		return 2
	}
	if err != nil {
		fmt.Fprintln(stderr, "gotest-hazards:", err)
		return 1
	}
	if *asJSON {
		return emit(stdout, stderr, report)
	}
	for _, f := range report.Findings {
		fmt.Fprintf(stdout, "%s:%d:%d: %s %s (via %s; affects %s)\n", f.File, f.Line, f.Col,
			f.Rule, f.Message, strings.Join(f.Chain, " -> "), strings.Join(f.Affects, ", "))
	}
	for _, e := range report.Errors {
		fmt.Fprintf(stderr, "gotest-hazards: %s not analysed: %s\n", e.Package, e.Message)
	}
	return 0
}

func emit(stdout, stderr io.Writer, v any) int {
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(v); err != nil {
		fmt.Fprintln(stderr, "gotest-hazards:", err)
		return 1
	}
	return 0
}

// deferGC turns the garbage collector off until the heap reaches limit, then back to Go's
// default pacing. The analyzer is a short batch program whose heap is mostly live until it
// exits: with the default pacing, collection was a third of its CPU time on real modules
// (go-cmp, goldmark, expr), and the plugin runs it beside go test on the same cores. Big
// modules still get the default pacing once their heap passes the limit: the first
// collection (the memory limit's) finalizes the sentinel, whose finalizer restores it.
// A GOGC or GOMEMLIMIT set by the user is left alone.
func deferGC(limit int64) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(limit)
	// An object with a pointer field: never placed by the tiny allocator, whose blocks are
	// shared and may be finalized late.
	type sentinel struct{ _ *byte }
	runtime.SetFinalizer(&sentinel{}, func(*sentinel) {
		debug.SetGCPercent(100)
		debug.SetMemoryLimit(math.MaxInt64)
	})
}
