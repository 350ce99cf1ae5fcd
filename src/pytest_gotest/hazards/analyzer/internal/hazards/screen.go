// Deciding from the source alone that the analysis can find nothing, before go is asked for
// anything.

package hazards

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// screen is the syntax of a module's packages as read before go list runs: the files of
// every directory that holds one of them, and whether the analysis may find anything there.
type screen struct {
	// why names the first thing that may let a rule match (gotest-hazards -screen-only,
	// tests); "" when the screen is clean: the analysis has nothing to report.
	why string
	// parsed: every file read, by absolute path, parsed as load parses (same file set), so
	// that the analysis that follows an unclean screen reads no file twice.
	parsed map[string]*ast.File
}

// screenModule reads the packages under test and every module-local package they import,
// each directory's .go files whatever their build constraints (a superset of what any build
// compiles), and decides whether the analysis could report anything. It is clean only when
// nothing in what the analysis walks (the roots and every body scanReachable keeps, the same
// over-approximation the pruning uses) mentions a construct or a name any rule matches:
//
//   - a TestMain (the T rules read its control flow);
//   - a go statement, a channel send or receive, a select, a range loop that may be over a
//     channel (one iteration variable or none, over anything but a literal: what else,
//     only types can tell);
//   - a name that a rule's callee has (its last element: Listen, Exit, Fatalf, Setenv, ...),
//     the builtin panic, os.Args, os.OpenFile, or a process-global variable of H7.
//
// A call the type-checked analysis resolves to a rule's callee names it in some scanned body
// (directly, through an alias, a dot import, a method value or a var that holds it), so a
// clean screen means no finding: findings are identical, only the work is saved (go list
// -deps -test -export and type-checking, most of a first run's analysis on such a module).
// Whatever the screen cannot settle cheaply (a workspace, a nested module, a package outside
// the module, a module that a dependency requires back, a file that does not parse, which the
// analysis reports) makes it unclean.
// Type errors of a clean module are not reported: go test reports its build failures.
func screenModule(cfg Config, fset *token.FileSet) screen {
	s := screen{parsed: map[string]*ast.File{}}
	s.why = s.read(cfg, fset)
	return s
}

func (s *screen) read(cfg Config, fset *token.FileSet) string {
	if flags := os.Getenv("GOFLAGS"); strings.Contains(flags, "-modfile") {
		return "GOFLAGS sets -modfile"
	}
	root, err := filepath.Abs(cfg.Dir)
	if err != nil {
		return err.Error()
	}
	if work := os.Getenv("GOWORK"); work != "off" {
		if work != "" || hasFileAbove(root, "go.work") {
			return "a go.work workspace"
		}
	}
	modPath := modulePath(filepath.Join(root, "go.mod"))
	if modPath == "" {
		return "no module path in go.mod"
	}
	if requiredBack(filepath.Join(root, "go.sum"), modPath) {
		// A dependency requires this module: one of its packages may import a package of
		// this module that no local import leads to, whose init then runs in the test
		// binary too (go list -deps finds it; reading local imports would not).
		return "a dependency requires " + modPath + " (go.sum)"
	}
	dirOf := func(path string) (string, bool) {
		if path == modPath {
			return root, true
		}
		rest, ok := strings.CutPrefix(path, modPath+"/")
		if !ok {
			return "", false
		}
		return filepath.Join(root, filepath.FromSlash(rest)), true
	}
	var files []*ast.File
	seen := map[string]bool{}
	queue := append([]string{}, cfg.Packages...)
	for len(queue) > 0 {
		path := queue[0]
		queue = queue[1:]
		if seen[path] {
			continue
		}
		seen[path] = true
		dir, ok := dirOf(path)
		if !ok {
			return path + " is not in module " + modPath
		}
		if why := plainPackageDir(root, dir); why != "" {
			return path + ": " + why
		}
		read, why := s.parseDir(fset, dir)
		if why != "" {
			return path + ": " + why
		}
		for _, f := range read {
			for _, imp := range f.Imports {
				p, err := strconv.Unquote(imp.Path.Value)
				if err == nil && (p == modPath || strings.HasPrefix(p, modPath+"/")) {
					queue = append(queue, p)
				}
			}
		}
		files = append(files, read...)
	}
	for _, f := range files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "TestMain" {
				return "a TestMain in " + fset.Position(fd.Pos()).Filename
			}
		}
	}
	names := screenedNames()
	why := ""
	scanReachable(fset, files, isInitRoot, func(n ast.Node) {
		if why != "" {
			return
		}
		switch n := n.(type) {
		case *ast.GoStmt:
			why = "go statement"
		case *ast.SendStmt:
			why = "channel send"
		case *ast.SelectStmt:
			why = "select"
		case *ast.RangeStmt:
			if mayRangeOverChannel(n) {
				why = "range loop"
			}
		case *ast.UnaryExpr:
			if n.Op == token.ARROW {
				why = "channel receive"
			}
		case *ast.Ident:
			if names[n.Name] {
				why = "the name " + n.Name
			}
		default:
			return
		}
		if why != "" {
			why += " at " + fset.Position(n.Pos()).String()
		}
	})
	return why
}

// mayRangeOverChannel: whether a range loop could receive from a channel (the H10 site), as
// far as syntax tells. A channel permits at most one iteration variable, and a literal (an
// integer, a string, a composite literal) is never a channel; anything else may be one.
func mayRangeOverChannel(r *ast.RangeStmt) bool {
	if r.Value != nil {
		return false
	}
	switch r.X.(type) {
	case *ast.BasicLit, *ast.CompositeLit:
		return false
	}
	return true
}

// parseDir parses the directory's .go files as go would consider them (not those starting
// with "_" or "."), all of them whatever their build constraints.
func (s *screen) parseDir(fset *token.FileSet, dir string) ([]*ast.File, string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err.Error()
	}
	var files []*ast.File
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || !strings.HasSuffix(name, ".go") || strings.HasPrefix(name, "_") || strings.HasPrefix(name, ".") {
			continue
		}
		full := filepath.Join(dir, name)
		f, err := parser.ParseFile(fset, full, nil, parseMode)
		if err != nil {
			return nil, err.Error()
		}
		s.parsed[full] = f
		files = append(files, f)
	}
	if len(files) == 0 {
		return nil, "no .go files in " + dir
	}
	return files, ""
}

// plainPackageDir: "" when dir is a directory of the module rooted at root (no nested go.mod
// on the way, no vendor directory: an import path there means something else); else why not.
// Directories that "./..." skips (testdata, "_", ".") are packages like any other when
// imported by path.
func plainPackageDir(root, dir string) string {
	rel, err := filepath.Rel(root, dir)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "outside the module root"
	}
	if rel == "." {
		return ""
	}
	for _, elem := range strings.Split(rel, string(filepath.Separator)) {
		if elem == "vendor" {
			return "in a vendor directory"
		}
	}
	for d := dir; d != root; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return "in a nested module (" + d + ")"
		}
	}
	return ""
}

// hasFileAbove: name exists in dir or a directory above it (go's search for go.work).
func hasFileAbove(dir, name string) bool {
	for {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			return true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return false
		}
		dir = parent
	}
}

// requiredBack: go.sum names the module itself, which it does only when some module in the
// build requires it (a cycle of module requirements).
func requiredBack(gosum, modPath string) bool {
	data, err := os.ReadFile(gosum)
	if err != nil {
		return false
	}
	return strings.HasPrefix(string(data), modPath+" ") || strings.Contains(string(data), "\n"+modPath+" ")
}

// modulePath is the module directive of a go.mod file ("" when there is none or the file
// cannot be read).
func modulePath(gomod string) string {
	data, err := os.ReadFile(gomod)
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(data), "\n") {
		if i := strings.Index(line, "//"); i >= 0 {
			line = line[:i]
		}
		fields := strings.Fields(line)
		if len(fields) == 2 && fields[0] == "module" {
			if p, err := strconv.Unquote(fields[1]); err == nil {
				return p
			}
			return fields[1]
		}
	}
	return ""
}

// screenedNames: the names whose mention in a scanned body may be a rule's match: the last
// element of every rule's callee, and what walk.go matches by itself (panic, os.Args,
// os.OpenFile, the variables of globalVarRules).
func screenedNames() map[string]bool {
	names := map[string]bool{"panic": true, "Args": true, "OpenFile": true}
	last := func(key string) string { return key[strings.LastIndex(key, ".")+1:] }
	for _, r := range rules {
		for _, c := range r.calls {
			names[last(c)] = true
		}
	}
	for v := range globalVarRules {
		names[last(v)] = true
	}
	return names
}

// Screen is the screen's verdict for cfg: "" when no rule can match, else the first thing
// that may (gotest-hazards -screen-only).
func Screen(cfg Config) string {
	return screenModule(cfg, token.NewFileSet()).why
}
