package main

// Rule is one hazard class. Ids are stable: users suppress them by id and the Python side
// mirrors this table (findings.py RULES) and checks it against `gotest-hazards -rules -json`.
type Rule struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Why   string `json:"why"`
	// verb completes "<root> <verb>: <call>" in a finding's message.
	verb string
}

var rules = []Rule{
	{"H1", "network listener at init",
		"every test binary runs it, also for -list; a fixed port collides when go test runs package binaries in parallel (-p) and kills the second one before any test",
		"listens on the network"},
	{"H2", "network dial or client at init",
		"an external service is contacted at import time: flaky, slow, not bounded by -timeout, and it runs even for -list",
		"dials the network"},
	{"H3", "process exit at init",
		"the test binary dies before any test runs: the package fails without test events, and os.Exit(0) is a false pass with zero tests",
		"exits the process"},
	{"H4", "flag.Parse or os.Args at init",
		"runs before the testing flags are registered: 'flag provided but not defined: -test.paniconexit0' breaks the test binary; os.Args holds -test.* flags",
		"parses command-line flags"},
	{"H5", "goroutine or timer started at init",
		"it outlives and leaks across every test, races with TestMain, and its output is attributed to whichever test is running",
		"starts a goroutine or timer"},
	{"H6", "file-system write at init",
		"concurrently running test binaries collide, the module directory may be read-only, and the side effect vanishes on test-cache hits",
		"writes to the file system"},
	{"H7", "process-global state changed at init",
		"it leaks into every test and subprocess, conflicts with t.Setenv/t.Chdir, and is invisible to the test cache",
		"changes process-global state"},
	{"H8", "signal handling changed at init",
		"it swallows SIGINT/SIGQUIT, which go test relies on for Ctrl-C and the timeout stack dump",
		"changes signal handling"},
	{"H9", "process spawned at init",
		"a process is spawned at import time; a child holding stdout open makes go test report '*** Test I/O incomplete'",
		"spawns a process"},
	{"H10", "blocking at init",
		"it delays every test binary, also for -list, and is not bounded by -timeout (the alarm starts in m.Run)",
		"blocks"},
	{"T1", "TestMain never calls m.Run",
		"no test runs: the package passes with zero tests and is never cached",
		"never calls m.Run"},
	{"T2", "TestMain exits before m.Run",
		"a return or os.Exit(0) before m.Run is a silent pass with zero tests; skip inside the tests with t.Skip instead",
		"exits before m.Run"},
	{"T3", "defer with os.Exit in TestMain",
		"os.Exit and log.Fatal do not run deferred calls: the cleanup never happens",
		"exits with a pending defer"},
	{"T4", "TestMain exit code not from m.Run",
		"os.Exit with a code not derived from m.Run's result fails a passing package or hides failing tests",
		"exits with a code not derived from m.Run"},
}

func ruleByID(id string) Rule {
	for _, r := range rules {
		if r.ID == id {
			return r
		}
	}
	panic("unknown rule " + id)
}
