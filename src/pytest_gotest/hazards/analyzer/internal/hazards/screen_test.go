package hazards

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestScreenChangesNoFinding: each tested package of testdata/mod on its own (the screen
// follows its local imports), screened and analysed in full: a clean screen only where the
// full analysis finds nothing, and the same report either way.
func TestScreenChangesNoFinding(t *testing.T) {
	cleanGoEnv(t)
	clean := 0
	for _, p := range testPackages(t, wantModule) {
		cfg := Config{Dir: wantModule, Packages: []string{p}, GoVersion: "go1.x"}
		why := Screen(cfg)
		screened, err := Run(cfg)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		cfg.NoScreen = true
		full, err := Run(cfg)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if why == "" {
			clean++
			if len(full.Findings) > 0 {
				t.Errorf("%s: screen clean, but the analysis finds %+v", p, full.Findings)
			}
		}
		if !reflect.DeepEqual(screened, full) {
			t.Errorf("%s (screen: %q): with the screen %+v, without %+v", p, why, screened, full)
		}
	}
	if clean == 0 {
		t.Error("no package of testdata/mod screened clean: the comparison proves nothing")
	}
}

// writeModule makes a module example.com/m in a temporary directory from name -> source.
func writeModule(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	files["go.mod"] = "module example.com/m // the module\n\ngo 1.22\n"
	for name, text := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const cleanLib = `package lib

import (
	"os"
	"strings"
)

var Upper = strings.ToUpper("x")

func init() { Upper = normalise(Upper) }

func normalise(s string) string {
	// Ranges that cannot receive from a channel: two iteration variables, literals.
	for i, r := range s {
		_, _ = i, r
	}
	for range 3 {
	}
	for range []string{s} {
	}
	return strings.TrimSpace(s)
}

// Never reached from a root: its exit is not what the test binary runs at start-up.
func Quit() { os.Exit(1) }
`

// TestScreenClean: init code that calls only what no rule matches, with a rule's callee in
// a body nothing at start-up reaches, is clean, and its analysis runs no go command at all.
func TestScreenClean(t *testing.T) {
	cleanGoEnv(t)
	dir := writeModule(t, map[string]string{
		"lib/lib.go": cleanLib,
		"app/app.go": "package app\n\nimport \"example.com/m/lib\"\n\nvar Name = lib.Upper + \"!\"\n",
		"app/app_test.go": "package app\n\nimport \"testing\"\n\nfunc TestName(t *testing.T) {\n" +
			"\tfor _, c := range Name { _ = c }\n\tgo func() {}()\n\tpanic(\"in a test body\")\n}\n",
		"app/ignored_linux_test.go": "//go:build ignore\n\npackage app\n\nvar x = 1\n",
	})
	cfg := Config{Dir: dir, Packages: []string{"example.com/m/app"}, Go: filepath.Join(dir, "no-go"), GoVersion: "go1.x"}
	if why := Screen(cfg); why != "" {
		t.Fatalf("screen: %s", why)
	}
	report, err := Run(cfg)
	if err != nil {
		t.Fatal(err)
	}
	want := Report{Version: ReportVersion, Go: "go1.x", Findings: []Finding{}, Errors: []PackageError{}}
	if !reflect.DeepEqual(report, want) {
		t.Errorf("report %+v", report)
	}
}

// TestScreenUnclean: every construct and name a rule may match, reached at start-up, and
// whatever the screen does not settle, each makes the screen unclean, naming it.
func TestScreenUnclean(t *testing.T) {
	cleanGoEnv(t)
	lib := func(body string) map[string]string {
		return map[string]string{
			"lib/lib.go":      "package lib\n\nimport (\n\t\"os\"\n\tn \"net\"\n\t. \"time\"\n)\n\nvar _, _, _ = os.Getpid, n.IPv4len, Now\n\n" + body,
			"lib/lib_test.go": "package lib\n\nimport \"testing\"\n\nfunc TestX(t *testing.T) {}\n",
		}
	}
	cases := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"go statement", lib("func init() { go func() {}() }\n"), "go statement"},
		{"send", lib("var ch = make(chan int, 1)\n\nfunc init() { ch <- 1 }\n"), "channel send"},
		{"receive", lib("var ch = make(chan int)\n\nfunc init() { helper() }\n\nfunc helper() { <-ch }\n"), "channel receive"},
		{"select", lib("func init() { select {} }\n"), "select"},
		{"range", lib("var ch = make(chan int)\n\nfunc init() { for range ch {} }\n"), "range loop"},
		{"range, one variable", lib("var ch = make(chan int)\n\nfunc init() { for v := range ch { _ = v } }\n"), "range loop"},
		{"aliased callee", lib("var ln, _ = n.Listen(\"tcp\", \":0\")\n"), "the name Listen"},
		{"dot import", lib("func init() { Sleep(1) }\n"), "the name Sleep"},
		{"callee held by a var", lib("var exit = os.Exit\n\nfunc init() { helper() }\n\nfunc helper() { exit(0) }\n"), "the name Exit"},
		{"panic", lib("var x = must()\n\nfunc must() int { panic(1) }\n"), "the name panic"},
		{"os.Args", lib("var first = os.Args[1]\n"), "the name Args"},
		{"global var", lib("func init() { os.Stdout = nil }\n"), "the name Stdout"},
		{"TestMain", map[string]string{"lib/lib_test.go": "package lib\n\nimport \"testing\"\n\nfunc TestMain(m *testing.M) { m.Run() }\n"}, "a TestMain"},
		{"imported package", map[string]string{
			"lib/lib_test.go": "package lib\n\nimport (\n\t\"testing\"\n\n\t_ \"example.com/m/dep\"\n)\n\nfunc TestX(t *testing.T) {}\n",
			"dep/dep.go":      "package dep\n\nimport \"os\"\n\nfunc init() { os.Exit(0) }\n",
		}, "the name Exit"},
		{"parse error", map[string]string{"lib/lib.go": "package lib\n\nfunc {\n"}, "expected"},
		{"nested module", map[string]string{"lib/go.mod": "module example.com/m/lib\n", "lib/lib.go": "package lib\n"}, "nested module"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := writeModule(t, c.files)
			why := Screen(Config{Dir: dir, Packages: []string{"example.com/m/lib"}})
			if !strings.Contains(why, c.want) {
				t.Errorf("screen: %q, want it to name %q", why, c.want)
			}
		})
	}
	t.Run("outside the module", func(t *testing.T) {
		dir := writeModule(t, lib(""))
		why := Screen(Config{Dir: dir, Packages: []string{"example.com/other"}})
		if !strings.Contains(why, "not in module example.com/m") {
			t.Errorf("screen: %q", why)
		}
	})
	t.Run("required back", func(t *testing.T) {
		files := lib("")
		files["go.sum"] = "example.com/dep v1.0.0/go.mod h1:x=\nexample.com/m v0.1.0/go.mod h1:y=\n"
		dir := writeModule(t, files)
		why := Screen(Config{Dir: dir, Packages: []string{"example.com/m/lib"}})
		if !strings.Contains(why, "a dependency requires example.com/m") {
			t.Errorf("screen: %q", why)
		}
		files["go.sum"] = "example.com/m/other v1.0.0/go.mod h1:x=\n"
		if why := Screen(Config{Dir: writeModule(t, files), Packages: []string{"example.com/m/lib"}}); why != "" {
			t.Errorf("another module's go.sum line: screen %q", why)
		}
	})
	t.Run("workspace", func(t *testing.T) {
		dir := writeModule(t, lib(""))
		if err := os.WriteFile(filepath.Join(dir, "go.work"), []byte("go 1.22\n\nuse .\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Setenv("GOWORK", "")
		if why := Screen(Config{Dir: dir, Packages: []string{"example.com/m/lib"}}); !strings.Contains(why, "workspace") {
			t.Errorf("screen: %q", why)
		}
		t.Setenv("GOWORK", "off")
		if why := Screen(Config{Dir: dir, Packages: []string{"example.com/m/lib"}}); why != "" {
			t.Errorf("GOWORK=off: screen %q", why)
		}
	})
}
