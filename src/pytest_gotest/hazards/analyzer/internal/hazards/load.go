package hazards

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// listedPackage holds the fields of `go list -json` output the analyzer uses.
type listedPackage struct {
	ImportPath string
	Dir        string
	Name       string
	ForTest    string
	Export     string
	GoFiles    []string
	CgoFiles   []string
	ImportMap  map[string]string
	Deps       []string
	Imports    []string
	Standard   bool
	Module     *struct {
		Path string
		Main bool
	}
	Error *struct{ Err string }
}

// basePath strips go list's test-variant suffix: "p [p.test]" -> "p".
func basePath(importPath string) string {
	if i := strings.Index(importPath, " ["); i >= 0 {
		return importPath[:i]
	}
	return importPath
}

func runGoList(goCmd, dir string, args []string) ([]*listedPackage, error) {
	cmd := exec.Command(goCmd, append([]string{"list"}, args...)...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("go list %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	var out []*listedPackage
	dec := json.NewDecoder(&stdout)
	for {
		p := new(listedPackage)
		if err := dec.Decode(p); err == io.EOF {
			break
		} else if err != nil {
			return nil, fmt.Errorf("decoding go list output: %v", err)
		}
		out = append(out, p)
	}
	return out, nil
}

// unit is one compiled form of a module-local package, type-checked from source with every
// import taken from the compiler's export data (as go vet does):
//   - a base unit: the package's non-test files, as every binary links it;
//   - a test unit ("p [p.test]"): the package with its internal _test.go files;
//   - an external test unit ("p_test [p.test]").
//
// Roots (init, var initialisers, TestMain) are taken from a base unit's files and from the
// _test.go files of test units, so each file is analysed once.
type unit struct {
	prog      *program
	variant   string // go list's ImportPath, e.g. "p [p.test]"
	path      string // package path as users see it: "p" or "p_test"
	forTest   string // the package under test for test units, "" for base units
	xtest     bool
	files     []*ast.File
	testFile  map[*ast.File]bool
	importMap map[string]string
	types     *types.Package
	info      *types.Info
	errs      []string
	listErr   string // go list's error (load or compile failure)
	// cgo: the package imports "C", which the type checker fakes (cgo is not run): every C
	// name then has an invalid type, and the errors that follow from one are not errors.
	cgo      bool
	checking bool
	checked  bool
}

type program struct {
	fset      *token.FileSet
	goVersion string
	base      map[string]*unit   // package path -> base unit
	tests     map[string][]*unit // package under test -> its test and external test units
	exports   map[string]string  // go list ImportPath (with variant) -> export data file
	parsed    map[string]*ast.File
	parseErrs map[string]string
	// preparsed: files the screen parsed; moved to parsed when go list names them (the
	// pruning must see exactly the files of the build, not every file the screen read).
	preparsed map[string]*ast.File
	roots     []string                   // packages under test, as given
	binDeps   map[string]map[string]bool // package under test -> packages its test binary links
	errors    []PackageError
	shared    *exportImporter // plain import paths, from export data
	// prunedFields: names of struct fields assigned in bodies dropped before type-checking
	// (pruneUnreachable); their values count as unknown.
	prunedFields map[string]bool
	// assignedNames: every name the module's code that can run in a test binary assigns,
	// increments, takes the address of, ranges into or calls a method on (tests too), before
	// any pruning: a package-level var of such a name has no value known from its
	// declaration.
	assignedNames map[string]bool
	// tablesTouched: tables (package-level vars declared with a composite literal), by
	// tableKey, that such code uses other than by reading elements (assignedNames).
	tablesTouched map[string]bool
	// Test-time variants of local packages ("p [p.test]", "p_test [p.test]", "q [p.test]"
	// for a q that imports p) are type-checked from source when imported, so that one
	// export-data importer serves every unit.
	variants     map[string]*listedPackage
	variantUnits map[string]*unit
	// pkgDeps: each module package (go list's ImportPath, variants too) -> what it imports,
	// directly or not; depParses: other modules' packages -> the parses their init code
	// may reach (deparse.go).
	pkgDeps   map[string][]string
	depParses map[string][]EarlierParse
}

// load lists and parses the packages; parsed holds files already parsed into fset (the
// screen's), taken instead of reading them again.
func load(cfg Config, fset *token.FileSet, parsed map[string]*ast.File) (*program, error) {
	paths := cfg.Packages
	prog := &program{
		fset:         fset,
		preparsed:    parsed,
		base:         map[string]*unit{},
		tests:        map[string][]*unit{},
		exports:      map[string]string{},
		parsed:       map[string]*ast.File{},
		parseErrs:    map[string]string{},
		binDeps:      map[string]map[string]bool{},
		roots:        paths,
		variants:     map[string]*listedPackage{},
		variantUnits: map[string]*unit{},
		pkgDeps:      map[string][]string{},
		depParses:    map[string][]EarlierParse{},
	}
	args := []string{"-e", "-deps", "-test", "-export", "-json=ImportPath,Dir,Name,ForTest,Export,GoFiles,CgoFiles,ImportMap,Deps,Imports,Standard,Module,Error"}
	if cfg.Tags != "" {
		args = append(args, "-tags", cfg.Tags)
	}
	listed, err := runGoList(cfg.Go, cfg.Dir, append(args, paths...))
	if err != nil {
		return nil, err
	}
	wanted := map[string]bool{}
	for _, p := range paths {
		wanted[p] = true
	}
	reported := map[string]bool{}
	var baseEntries, testEntries []*listedPackage
	for _, p := range listed {
		if p.Export != "" {
			prog.exports[p.ImportPath] = p.Export
		}
		base := basePath(p.ImportPath)
		if p.Name == "main" && strings.HasSuffix(p.ImportPath, ".test") && wanted[strings.TrimSuffix(p.ImportPath, ".test")] {
			under := strings.TrimSuffix(p.ImportPath, ".test")
			deps := map[string]bool{under: true}
			for _, d := range p.Deps {
				deps[basePath(d)] = true
			}
			prog.binDeps[under] = deps
			continue
		}
		local := p.Module != nil && p.Module.Main
		if local {
			prog.pkgDeps[p.ImportPath] = p.Deps
		} else if !p.Standard && p.Error == nil && p.ImportPath == base {
			prog.findDepParses(p)
		}
		if !local {
			if p.Error != nil && !reported[base] {
				// Not loadable (missing, outside the module, ...): say so, analyse the rest.
				reported[base] = true
				prog.errors = append(prog.errors, PackageError{Package: base, Message: strings.TrimSpace(p.Error.Err)})
			}
			continue
		}
		if strings.Contains(p.ImportPath, " [") {
			prog.variants[p.ImportPath] = p
		}
		switch {
		case !strings.Contains(p.ImportPath, " ["):
			baseEntries = append(baseEntries, p)
		case p.ForTest != "" && (base == p.ForTest || base == p.ForTest+"_test"):
			testEntries = append(testEntries, p)
		}
	}
	// A local package listed only as a test-time recompilation ("q [p.test]", when q
	// imports p) still runs its init in p's test binary: analyse its source once.
	haveBase := map[string]bool{}
	for _, p := range baseEntries {
		haveBase[p.ImportPath] = true
	}
	for _, p := range listed {
		base := basePath(p.ImportPath)
		if p.Module != nil && p.Module.Main && p.ForTest != "" && base != p.ForTest && base != p.ForTest+"_test" && !haveBase[base] {
			haveBase[base] = true
			baseEntries = append(baseEntries, p)
		}
	}
	for _, p := range paths {
		if _, ok := prog.binDeps[p]; ok {
			continue
		}
		deps := map[string]bool{p: true}
		for _, lp := range listed {
			if lp.ImportPath == p {
				for _, d := range lp.Deps {
					deps[basePath(d)] = true
				}
			}
		}
		prog.binDeps[p] = deps
	}
	prog.shared = newExportImporter(prog)
	if cfg.SourceImporter {
		prog.shared.gc = importer.ForCompiler(prog.fset, "source", nil)
	}
	for _, p := range baseEntries {
		u := prog.newUnit(p, false)
		u.path = basePath(p.ImportPath)
		if u.variant != u.path {
			// Imports of a recompiled variant resolve to their plain forms for base units.
			for k, v := range u.importMap {
				u.importMap[k] = basePath(v)
			}
		}
		prog.base[u.path] = u
	}
	for _, p := range testEntries {
		u := prog.newUnit(p, true)
		u.forTest = p.ForTest
		u.xtest = basePath(p.ImportPath) == p.ForTest+"_test"
		u.path = basePath(p.ImportPath)
		prog.tests[p.ForTest] = append(prog.tests[p.ForTest], u)
		prog.variantUnits[p.ImportPath] = u
	}
	// Every local file is parsed by now (variant-only packages are base entries too), so
	// the pruning sees every root and every body.
	files := make([]*ast.File, 0, len(prog.parsed))
	for _, k := range sortedKeys(prog.parsed) {
		if f := prog.parsed[k]; f != nil {
			files = append(files, f)
		}
	}
	prog.assignedNames, prog.tablesTouched = assignedNames(prog.fset, files, prog.filePackages())
	if !cfg.KeepBodies {
		prog.prunedFields = pruneUnreachable(prog.fset, files)
		shrinkDataLiterals(files)
	}
	for _, p := range paths {
		if _, ok := prog.base[p]; !ok && !reported[p] {
			prog.errors = append(prog.errors, PackageError{Package: p, Message: "not a package of the main module: its init hazards are not analysed"})
		}
	}
	return prog, nil
}

func (prog *program) newUnit(p *listedPackage, test bool) *unit {
	u := &unit{prog: prog, variant: p.ImportPath, testFile: map[*ast.File]bool{}, importMap: map[string]string{}, cgo: len(p.CgoFiles) > 0}
	for k, v := range p.ImportMap {
		u.importMap[k] = v
	}
	if p.Error != nil {
		u.listErr = strings.TrimSpace(p.Error.Err)
	}
	for _, n := range append(append([]string{}, p.GoFiles...), p.CgoFiles...) {
		full := n
		if !filepath.IsAbs(full) {
			full = filepath.Join(p.Dir, n)
		}
		f := prog.parse(full)
		if msg, bad := prog.parseErrs[full]; bad {
			u.errs = append(u.errs, msg)
		}
		if f != nil {
			u.files = append(u.files, f)
			u.testFile[f] = test && strings.HasSuffix(full, "_test.go")
		}
	}
	return u
}

// parseMode is how every local file is parsed, by load and by the screen alike (load takes
// the screen's ASTs as its own): comments for //gotest:allow, no object resolution (the type
// checker resolves).
const parseMode = parser.ParseComments | parser.SkipObjectResolution

// parse reads each file once; test units share the ASTs of their base files.
func (prog *program) parse(full string) *ast.File {
	if f, ok := prog.parsed[full]; ok {
		return f
	}
	if f, ok := prog.preparsed[full]; ok {
		delete(prog.preparsed, full)
		prog.parsed[full] = f
		return f
	}
	f, err := parser.ParseFile(prog.fset, full, nil, parseMode)
	if err != nil {
		prog.parseErrs[full] = err.Error()
	}
	prog.parsed[full] = f
	return f
}

// exportImporter imports packages from the export data go list reported. One instance
// serves all base units (plain paths); each package under test gets its own for its test
// units, because there "p" means the test variant "p [p.test]" and its dependants.
type exportImporter struct {
	prog *program
	gc   types.Importer
}

func newExportImporter(prog *program) *exportImporter {
	e := &exportImporter{prog: prog}
	e.gc = importer.ForCompiler(prog.fset, "gc", func(path string) (io.ReadCloser, error) {
		f, ok := prog.exports[path]
		if !ok {
			f, ok = prog.variantExport(path)
		}
		if !ok {
			return nil, fmt.Errorf("no export data for %q (it does not compile?)", path)
		}
		return os.Open(f)
	})
	return e
}

// variantExport: for a path go list gave only as test-time recompilations ("q [p.test]": q
// imports the package under test, which its internal test files change), the export data
// of the first of them. A base unit standing for such a variant (load's "listed only as a
// test-time recompilation") imports its dependencies by their plain paths.
func (prog *program) variantExport(path string) (string, bool) {
	prefix := path + " ["
	best := ""
	for variant := range prog.exports {
		if strings.HasPrefix(variant, prefix) && (best == "" || variant < best) {
			best = variant
		}
	}
	if best == "" {
		return "", false
	}
	return prog.exports[best], true
}

type unitImporter struct {
	u *unit
}

func (im unitImporter) Import(path string) (*types.Package, error) {
	return im.ImportFrom(path, "", 0)
}

func (im unitImporter) ImportFrom(path, _ string, _ types.ImportMode) (*types.Package, error) {
	if mapped, ok := im.u.importMap[path]; ok {
		path = mapped
	}
	if path == "unsafe" {
		return types.Unsafe, nil
	}
	prog := im.u.prog
	if strings.Contains(path, " [") {
		v := prog.variantUnits[path]
		if v == nil {
			lp := prog.variants[path]
			if lp == nil {
				return nil, fmt.Errorf("go list did not list %q", path)
			}
			v = prog.newUnit(lp, false)
			v.variant, v.path = path, basePath(path)
			prog.variantUnits[path] = v
		}
		if v.checking {
			return nil, fmt.Errorf("import cycle through %s", path)
		}
		prog.check(v)
		if v.types == nil {
			return nil, fmt.Errorf("%s could not be type-checked", path)
		}
		return v.types, nil
	}
	return prog.shared.gc.Import(path)
}

func (prog *program) check(u *unit) {
	if u.checked || u.checking {
		return
	}
	u.checking = true
	defer func() { u.checking, u.checked = false, true }()
	u.info = &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
		Instances:  map[*ast.Ident]types.Instance{},
	}
	const maxErrors = 10
	nerr := 0
	conf := types.Config{
		Importer:    unitImporter{u},
		FakeImportC: true,
		Error: func(err error) {
			var te types.Error
			if errors.As(err, &te) && te.Soft {
				return
			}
			// `unsafe.Pointer(s.rows)` with rows a *C.row: "cannot convert s.rows (variable
			// with invalid type)" (github.com/mattn/go-sqlite3). In a package without cgo
			// such an error follows another one, which is reported.
			if u.cgo && strings.Contains(err.Error(), "invalid type") {
				return
			}
			nerr++
			if nerr <= maxErrors {
				u.errs = append(u.errs, err.Error())
			}
		},
	}
	pkg, _ := conf.Check(u.path, prog.fset, u.files, u.info)
	if nerr > maxErrors {
		u.errs = append(u.errs, fmt.Sprintf("... and %d more type errors", nerr-maxErrors))
	}
	u.types = pkg
}

// reportErrors: the type checker's errors name absolute paths and come per error; go list's
// own error stands in when the type checker found nothing (e.g. a dependency failed).
func (prog *program) reportErrors(u *unit) {
	switch {
	case len(u.errs) > 0:
		prog.errors = append(prog.errors, PackageError{Package: u.path, Message: strings.Join(dedupe(u.errs), "\n")})
	case u.listErr != "":
		prog.errors = append(prog.errors, PackageError{Package: u.path, Message: u.listErr})
	}
}

// reportTestErrors reports a test unit's errors that its base unit did not already report.
func (prog *program) reportTestErrors(u *unit) {
	known := map[string]bool{}
	b := prog.base[u.forTest]
	if b != nil {
		for _, e := range b.errs {
			known[e] = true
		}
	}
	var fresh []string
	for _, e := range u.errs {
		if !known[e] {
			fresh = append(fresh, e)
		}
	}
	switch {
	case len(fresh) > 0:
		prog.errors = append(prog.errors, PackageError{Package: u.path, Message: strings.Join(dedupe(fresh), "\n")})
	case len(u.errs) == 0 && u.listErr != "" && (b == nil || (len(b.errs) == 0 && b.listErr == "")):
		prog.errors = append(prog.errors, PackageError{Package: u.path, Message: u.listErr})
	}
}

func dedupe(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
