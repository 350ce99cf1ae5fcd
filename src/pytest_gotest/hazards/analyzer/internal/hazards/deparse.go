// Command-line parses in the init code of other modules' packages, which the analysis does
// not analyse: when one runs, it is the parse that kills a test binary (`flag provided but
// not defined: -test.paniconexit0`), not a parse of the module that runs after it. Found by
// syntax alone, as the screen finds names: only in the few packages that import flag or
// pflag.

package hazards

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strconv"
)

// EarlierParse is a command-line parse in the init code of a package of another module
// that a module package imports (Finding.After): it runs first, when it runs.
type EarlierParse struct {
	Package string `json:"package"`
	File    string `json:"file"`
	Line    int    `json:"line"`
	Call    string `json:"call"` // flag.Parse, flag.CommandLine.Parse, pflag.Parse, ...
}

// flagPackages: the packages whose command-line parse an unknown -test.* flag breaks, by
// the name a call is shown with.
var flagPackages = map[string]string{"flag": "flag", "github.com/spf13/pflag": "pflag"}

// findDepParses records the parses the init code of p, a package of another module, may
// reach by name (scanReachable, from its inits and var initialisers): `flag.Parse()` and
// `flag.CommandLine.Parse(...)`, pflag's too, written as such. Only a package that imports
// flag or pflag is read. Code a testing.Testing() guard keeps out of test binaries is left
// out first (dropTestingGuarded), as the walk of the module's own code leaves it out: such a
// parse never runs under go test, so it never explains a death.
func (prog *program) findDepParses(p *listedPackage) {
	imports := false
	for _, imp := range p.Imports {
		imports = imports || flagPackages[imp] != ""
	}
	if !imports {
		return
	}
	var files []*ast.File
	names := map[string]map[string]string{} // file -> local name -> flag or pflag
	for _, n := range p.GoFiles {
		full := filepath.Join(p.Dir, n)
		f, err := parser.ParseFile(prog.fset, full, nil, parser.SkipObjectResolution)
		if err != nil {
			continue // go test reports what does not build
		}
		dropTestingGuarded(f)
		files = append(files, f)
		names[full] = importNames(f)
	}
	scanReachable(prog.fset, files, isInitRoot, func(n ast.Node) {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return
		}
		pos := prog.fset.Position(call.Pos())
		if shown := parseCallName(call, names[pos.Filename]); shown != "" {
			prog.depParses[p.ImportPath] = append(prog.depParses[p.ImportPath], EarlierParse{
				Package: p.ImportPath, File: pos.Filename, Line: pos.Line, Call: shown,
			})
		}
	})
}

// dropTestingGuarded removes from f's statement lists what a testing.Testing() guard keeps
// from running in a test binary (where it is true from the first init on), by syntax, as the
// walker decides it for the module's code (walk.go): the body of `if !testing.Testing()`,
// the else of `if testing.Testing()`, and the statements after such an if whose branch run
// under go test ends in a return (`if testing.Testing() { return }`). Calls and names only
// there then neither count nor make a function reached.
func dropTestingGuarded(f *ast.File) {
	local := ""
	for _, imp := range f.Imports {
		if path, err := strconv.Unquote(imp.Path.Value); err == nil && path == "testing" {
			local = "testing"
			if imp.Name != nil {
				local = imp.Name.Name
			}
		}
	}
	if local == "" || local == "_" || local == "." {
		return
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BlockStmt:
			n.List = dropGuarded(n.List, local)
		case *ast.CaseClause:
			n.Body = dropGuarded(n.Body, local)
		case *ast.CommClause:
			n.Body = dropGuarded(n.Body, local)
		}
		return true
	})
}

// dropGuarded: list without what testing.Testing() guards (dropTestingGuarded), testing
// being imported as local.
func dropGuarded(list []ast.Stmt, local string) []ast.Stmt {
	for i, s := range list {
		is, ok := s.(*ast.IfStmt)
		if !ok {
			continue
		}
		negated, guard := testingCall(is.Cond, local)
		if !guard {
			continue
		}
		run := is.Body // the branch that runs under go test
		if negated {
			is.Body = &ast.BlockStmt{Lbrace: is.Body.Lbrace, Rbrace: is.Body.Rbrace}
			run, _ = is.Else.(*ast.BlockStmt) // an `else if` ends in no return of its own
		} else {
			is.Else = nil
		}
		if run != nil && terminates(run) {
			return list[:i+1]
		}
	}
	return list
}

// testingCall: whether cond is `testing.Testing()` (guard), possibly negated, testing
// being imported as local.
func testingCall(cond ast.Expr, local string) (negated, guard bool) {
	cond = ast.Unparen(cond)
	if u, ok := cond.(*ast.UnaryExpr); ok && u.Op == token.NOT {
		neg, g := testingCall(u.X, local)
		return !neg, g
	}
	call, ok := cond.(*ast.CallExpr)
	if !ok || len(call.Args) != 0 {
		return false, false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Testing" {
		return false, false
	}
	id, ok := ast.Unparen(sel.X).(*ast.Ident)
	return false, ok && id.Name == local
}

// importNames: the local names of flag and pflag in f (their shown names as values).
func importNames(f *ast.File) map[string]string {
	names := map[string]string{}
	for _, imp := range f.Imports {
		path, err := strconv.Unquote(imp.Path.Value)
		if err != nil || flagPackages[path] == "" {
			continue
		}
		local := flagPackages[path]
		if imp.Name != nil {
			local = imp.Name.Name
		}
		names[local] = flagPackages[path]
	}
	return names
}

// parseCallName: how call is shown when it is `pkg.Parse()` or `pkg.CommandLine.Parse(...)`
// with pkg a name of flag or pflag in its file (names); "" otherwise.
func parseCallName(call *ast.CallExpr, names map[string]string) string {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Parse" {
		return ""
	}
	x := ast.Unparen(sel.X)
	suffix := ".Parse"
	if inner, ok := x.(*ast.SelectorExpr); ok && inner.Sel.Name == "CommandLine" {
		x, suffix = ast.Unparen(inner.X), ".CommandLine.Parse"
	}
	if id, ok := x.(*ast.Ident); ok && names[id.Name] != "" {
		return names[id.Name] + suffix
	}
	return ""
}

// earlierParses: the parses of other modules' init code that run before the init of the
// module package variant (go list's ImportPath) when they run: those of the packages it
// imports, directly or not.
func (prog *program) earlierParses(variant string) []EarlierParse {
	var out []EarlierParse
	for _, d := range prog.pkgDeps[variant] {
		out = append(out, prog.depParses[d]...)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].File != out[j].File {
			return out[i].File < out[j].File
		}
		return out[i].Line < out[j].Line
	})
	return out
}
