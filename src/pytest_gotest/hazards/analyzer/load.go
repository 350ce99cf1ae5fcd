package main

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
	ImportPath   string
	Dir          string
	Name         string
	ForTest      string
	Export       string
	Standard     bool
	GoFiles      []string
	CgoFiles     []string
	TestGoFiles  []string
	XTestGoFiles []string
	ImportMap    map[string]string
	Deps         []string
	Module       *struct {
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

// localPackage is one module-local package, type-checked from source. For packages under
// test the internal _test.go files are checked with the package (a superset of what other
// binaries link, so roots record whether their file is a test file); the external test
// package is a separate localPackage whose path ends in "_test".
type localPackage struct {
	path      string
	name      string
	dir       string
	files     []*ast.File
	testFile  map[*ast.File]bool
	importMap map[string]string
	fileNames []string
	xtestOf   string // for an external test package, the package it tests
	types     *types.Package
	info      *types.Info
	errs      []string
	checking  bool
	checked   bool
}

type program struct {
	fset      *token.FileSet
	goVersion string
	local     map[string]*localPackage
	exports   map[string]string
	gcImp     types.Importer
	roots     []string                   // packages under test, as given
	binDeps   map[string]map[string]bool // test package -> every package its test binary links
	errors    []pkgError
}

type pkgError struct {
	Package string `json:"package"`
	Message string `json:"message"`
}

func load(goCmd, dir, tags string, paths []string) (*program, error) {
	prog := &program{
		fset:    token.NewFileSet(),
		local:   map[string]*localPackage{},
		exports: map[string]string{},
		binDeps: map[string]map[string]bool{},
		roots:   paths,
	}
	args := []string{"-e", "-deps", "-test", "-json=ImportPath,Dir,Name,ForTest,Standard,GoFiles,CgoFiles,TestGoFiles,XTestGoFiles,ImportMap,Deps,Module,Error"}
	if tags != "" {
		args = append(args, "-tags", tags)
	}
	listed, err := runGoList(goCmd, dir, append(args, paths...))
	if err != nil {
		return nil, err
	}
	wanted := map[string]bool{}
	for _, p := range paths {
		wanted[p] = true
	}
	var nonLocal []string
	seenNonLocal := map[string]bool{}
	plain := map[string]*listedPackage{}
	for _, p := range listed {
		base := basePath(p.ImportPath)
		if strings.HasSuffix(p.ImportPath, ".test") && p.Name == "main" && wanted[strings.TrimSuffix(p.ImportPath, ".test")] {
			under := strings.TrimSuffix(p.ImportPath, ".test")
			deps := map[string]bool{under: true}
			for _, d := range p.Deps {
				deps[basePath(d)] = true
			}
			prog.binDeps[under] = deps
			continue
		}
		if p.Module != nil && p.Module.Main {
			// Prefer the plain listing; a test variant stands in when only it was listed.
			if prev, ok := plain[base]; !ok || (strings.Contains(prev.ImportPath, " [") && !strings.Contains(p.ImportPath, " [")) {
				plain[base] = p
			}
			continue
		}
		if base == "C" || base == "unsafe" || seenNonLocal[base] {
			continue
		}
		if p.Error != nil {
			// Not loadable (missing, outside the module, ...): say so, analyse the rest.
			prog.errors = append(prog.errors, pkgError{Package: base, Message: strings.TrimSpace(p.Error.Err)})
			seenNonLocal[base] = true
			continue
		}
		seenNonLocal[base] = true
		nonLocal = append(nonLocal, base)
	}
	for _, p := range paths {
		if _, ok := plain[p]; !ok && !hasError(prog.errors, p) {
			prog.errors = append(prog.errors, pkgError{Package: p, Message: "not a package of the main module: its init hazards are not analysed"})
		}
		if _, ok := prog.binDeps[p]; ok {
			continue
		}
		deps := map[string]bool{p: true}
		if lp, ok := plain[p]; ok {
			for _, d := range lp.Deps {
				deps[basePath(d)] = true
			}
		}
		prog.binDeps[p] = deps
	}
	if len(nonLocal) > 0 {
		sort.Strings(nonLocal)
		eargs := []string{"-e", "-export", "-json=ImportPath,Export,Error"}
		if tags != "" {
			eargs = append(eargs, "-tags", tags)
		}
		exported, err := runGoList(goCmd, dir, append(eargs, nonLocal...))
		if err != nil {
			return nil, err
		}
		for _, p := range exported {
			if p.Export != "" {
				prog.exports[p.ImportPath] = p.Export
			}
		}
	}
	prog.gcImp = importer.ForCompiler(prog.fset, "gc", func(path string) (io.ReadCloser, error) {
		f, ok := prog.exports[path]
		if !ok {
			return nil, fmt.Errorf("no export data for %q", path)
		}
		return os.Open(f)
	})
	keys := make([]string, 0, len(plain))
	for k := range plain {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, base := range keys {
		p := plain[base]
		lp := &localPackage{path: base, name: p.Name, dir: p.Dir, importMap: stripMap(p.ImportMap), testFile: map[*ast.File]bool{}}
		if p.Error != nil {
			lp.errs = append(lp.errs, strings.TrimSpace(p.Error.Err))
		}
		names := append(append([]string{}, p.GoFiles...), p.CgoFiles...)
		lp.parse(prog.fset, names, false)
		if wanted[base] {
			lp.parse(prog.fset, p.TestGoFiles, true)
			if len(p.XTestGoFiles) > 0 {
				x := &localPackage{path: base + "_test", name: p.Name + "_test", dir: p.Dir, importMap: map[string]string{}, testFile: map[*ast.File]bool{}, xtestOf: base}
				// The external test package's imports are those of its test variant.
				for _, q := range listed {
					if q.ImportPath == base+"_test ["+base+".test]" {
						x.importMap = stripMap(q.ImportMap)
						if q.Error != nil {
							x.errs = append(x.errs, strings.TrimSpace(q.Error.Err))
						}
					}
				}
				x.parse(prog.fset, p.XTestGoFiles, true)
				prog.local[x.path] = x
			}
		}
		prog.local[base] = lp
	}
	return prog, nil
}

func hasError(errs []pkgError, path string) bool {
	for _, e := range errs {
		if e.Package == path {
			return true
		}
	}
	return false
}

func stripMap(m map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[k] = basePath(v)
	}
	return out
}

func (lp *localPackage) parse(fset *token.FileSet, names []string, test bool) {
	for _, n := range names {
		full := filepath.Join(lp.dir, n)
		f, err := parser.ParseFile(fset, full, nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			lp.errs = append(lp.errs, err.Error())
		}
		if f != nil {
			lp.files = append(lp.files, f)
			lp.fileNames = append(lp.fileNames, full)
			lp.testFile[f] = test
		}
	}
}

// localImporter resolves imports of one local package: module-local packages are
// type-checked from source (so functions keep one identity across packages), everything
// else comes from the compiler's export data.
type localImporter struct {
	prog *program
	from *localPackage
}

func (im localImporter) Import(path string) (*types.Package, error) {
	return im.ImportFrom(path, "", 0)
}

func (im localImporter) ImportFrom(path, _ string, _ types.ImportMode) (*types.Package, error) {
	if mapped, ok := im.from.importMap[path]; ok {
		path = mapped
	}
	if path == "unsafe" {
		return types.Unsafe, nil
	}
	if lp, ok := im.prog.local[path]; ok && lp.xtestOf == "" {
		if lp.checking {
			return nil, fmt.Errorf("import cycle through %s", path)
		}
		im.prog.check(lp)
		if lp.types == nil {
			return nil, fmt.Errorf("%s could not be type-checked", path)
		}
		return lp.types, nil
	}
	return im.prog.gcImp.Import(path)
}

func (prog *program) check(lp *localPackage) {
	if lp.checked || lp.checking {
		return
	}
	lp.checking = true
	defer func() { lp.checking = false; lp.checked = true }()
	lp.info = &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
		Instances:  map[*ast.Ident]types.Instance{},
	}
	const maxErrors = 10
	nerr := 0
	conf := types.Config{
		Importer:    localImporter{prog, lp},
		FakeImportC: true,
		Error: func(err error) {
			var te types.Error
			if errors.As(err, &te) && te.Soft {
				return
			}
			nerr++
			if nerr <= maxErrors {
				lp.errs = append(lp.errs, err.Error())
			}
		},
	}
	if lp.xtestOf != "" {
		// The external test package imports the package under test including its
		// internal test files, as the go command compiles it for the test binary.
		conf.Importer = localImporter{prog, lp}
	}
	pkg, _ := conf.Check(lp.path, prog.fset, lp.files, lp.info)
	if nerr > maxErrors {
		lp.errs = append(lp.errs, fmt.Sprintf("... and %d more type errors", nerr-maxErrors))
	}
	lp.types = pkg
}

func (prog *program) checkAll() {
	keys := make([]string, 0, len(prog.local))
	for k := range prog.local {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		prog.check(prog.local[k])
	}
	for _, k := range keys {
		if lp := prog.local[k]; len(lp.errs) > 0 {
			prog.errors = append(prog.errors, pkgError{Package: k, Message: strings.Join(lp.errs, "\n")})
		}
	}
}
