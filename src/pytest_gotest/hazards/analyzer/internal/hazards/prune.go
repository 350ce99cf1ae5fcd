// Dropping the bodies that nothing run at initialisation or by TestMain can call, before
// anything is type-checked.

package hazards

import (
	"go/ast"
	"go/token"
	"path/filepath"
	"strconv"
)

// pruneUnreachable drops the body of every function declaration in files that no root can
// reach, so that the type checker skips it: type-checking was 70% of the analyzer's CPU time,
// and most of a module's bodies (its tests above all) are never called by an init, a
// package-level var initialiser or a TestMain, the only code the rules walk.
//
// Reachability is by name and over-approximates: starting from the roots' bodies and
// initialisers, every identifier they mention (a call, a method selector, a function value)
// keeps every declaration of that name in any file, whose body is then scanned in turn.
// So a callee the walk could resolve with types is never dropped.
//
// Two whole-module facts the analysis collects from every body are kept exact or made
// coarser, never finer:
//   - a body that assigns (=) a function-shaped value to a name its directory declares as a
//     package-level var (any package's, in a file with a dot import) is kept and scanned
//     like a reached one (a call through that var may run the value);
//   - the names of struct fields assigned in dropped bodies are returned: such a field's
//     value is treated as unknown, as an assigned field's always was.
func pruneUnreachable(fset *token.FileSet, files []*ast.File) (assignedFieldNames map[string]bool) {
	byName, reached := scanReachable(fset, files, isInitRoot, nil)
	assignedFieldNames = map[string]bool{}
	for _, decls := range byName {
		for _, d := range decls {
			if !reached[d] {
				assignedFields(d.Body, assignedFieldNames)
				d.Body = nil
			}
		}
	}
	return assignedFieldNames
}

// isInitRoot: the functions that run while a test binary initialises, or instead of its
// tests' own main: init and TestMain (var initialisers are roots too, always).
func isInitRoot(d *ast.FuncDecl, _ *ast.File, _ string) bool {
	return d.Recv == nil && (d.Name.Name == "init" || d.Name.Name == "TestMain")
}

// scanReachable finds, by name, every function declaration a root (isRoot, and every var
// initialiser) may reach (the over-approximation pruneUnreachable describes) and hands visit,
// when not nil, every node of what it scans: the roots' bodies, var initialisers, reached
// bodies and the function literals held by package vars whose names are mentioned. It
// returns the declarations other than roots by name, and which declarations were reached
// (roots included).
func scanReachable(fset *token.FileSet, files []*ast.File, isRoot func(d *ast.FuncDecl, f *ast.File, filename string) bool, visit func(ast.Node)) (byName map[string][]*ast.FuncDecl, reached map[*ast.FuncDecl]bool) {
	byName = map[string][]*ast.FuncDecl{}
	dirOf := func(n ast.Node) string { return filepath.Dir(fset.Position(n.Pos()).Filename) }
	// Package-level var names by directory: an assignment can only reach a var of its own
	// package (the directory's package, or its external test package: both counted).
	pkgVars := map[string]map[string]bool{}
	litsOf := map[string][]ast.Node{} // var name -> bodies of the function literals it holds
	var work []ast.Node
	// Each body is scanned once, however many ways it is reached (a root that also stores a
	// function in a package var is both).
	reached = map[*ast.FuncDecl]bool{}
	reach := func(d *ast.FuncDecl) {
		if !reached[d] {
			reached[d] = true
			work = append(work, d.Body)
		}
	}
	for _, f := range files {
		filename := fset.Position(f.Package).Filename
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Body == nil {
					continue
				}
				if isRoot(d, f, filename) {
					reach(d)
					continue
				}
				byName[d.Name.Name] = append(byName[d.Name.Name], d)
			case *ast.GenDecl:
				if d.Tok != token.VAR {
					continue
				}
				dir := dirOf(f)
				if pkgVars[dir] == nil {
					pkgVars[dir] = map[string]bool{}
				}
				for _, sp := range d.Specs {
					vs := sp.(*ast.ValueSpec)
					for _, n := range vs.Names {
						pkgVars[dir][n.Name] = true
					}
					for i, v := range vs.Values {
						// A function literal that is a var's whole value runs only when
						// called through the var, so only once the var's name is
						// mentioned (never for "_": the compile-time check idiom).
						if lit, ok := ast.Unparen(v).(*ast.FuncLit); ok && len(vs.Values) == len(vs.Names) {
							if name := vs.Names[i].Name; name != "_" {
								litsOf[name] = append(litsOf[name], lit.Body)
							}
							continue
						}
						work = append(work, v)
					}
				}
			}
		}
	}
	// A body that may store a function in a package-level var is kept and scanned: a call
	// through that var may run what it stores. A file with a dot import may name another
	// package's vars unqualified: every package's names count there.
	allVars := map[string]bool{}
	for _, names := range pkgVars {
		for name := range names {
			allVars[name] = true
		}
	}
	for _, f := range files {
		vars := pkgVars[dirOf(f)]
		for _, imp := range f.Imports {
			if imp.Name != nil && imp.Name.Name == "." {
				vars = allVars
				break
			}
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil && assignsPkgFuncVar(fd.Body, vars) {
				reach(fd)
			}
		}
	}
	for len(work) > 0 {
		n := work[len(work)-1]
		work = work[:len(work)-1]
		ast.Inspect(n, func(x ast.Node) bool {
			if visit != nil && x != nil {
				visit(x)
			}
			if id, ok := x.(*ast.Ident); ok {
				for _, d := range byName[id.Name] {
					reach(d)
				}
				if lits, ok := litsOf[id.Name]; ok {
					work = append(work, lits...)
					delete(litsOf, id.Name)
				}
			}
			return true
		})
	}
	return byName, reached
}

// assignsPkgFuncVar: the body assigns (=, not :=, which declares) to a name declared as a
// package-level var something that may be a function value (namesFuncValue: what the
// analysis records as a call target of that var).
func assignsPkgFuncVar(body *ast.BlockStmt, pkgVars map[string]bool) bool {
	found := false
	ast.Inspect(body, func(x ast.Node) bool {
		as, ok := x.(*ast.AssignStmt)
		if found || !ok || as.Tok != token.ASSIGN || len(as.Lhs) != len(as.Rhs) {
			return !found
		}
		for i, l := range as.Lhs {
			id, ok := ast.Unparen(l).(*ast.Ident)
			if ok && pkgVars[id.Name] && namesFuncValue(as.Rhs[i]) {
				found = true
			}
		}
		return !found
	})
	return found
}

// assignedFields adds the names of the selectors body assigns (recordAssignedFields without
// types: any selector of that shape counts).
func assignedFields(body *ast.BlockStmt, names map[string]bool) {
	assignedSelectors(body, func(sel *ast.SelectorExpr) { names[sel.Sel.Name] = true })
}

// minDataElements: literals with fewer elements are left alone (they cost the checker little).
const minDataElements = 16

// shrinkDataLiterals empties the large array, slice and map literals that initialise
// package-level vars when they hold data only (tables: basic literals, constants, nested
// literals of the same), so that the type checker neither checks nor records each element.
// In golang.org/x/text, whose tables are megabytes of such literals, that was three quarters
// of the analysis (1 s of 4 after every edit). No rule can match data: the rules look for
// calls, go statements, channel operations, os.Args and assignments, and such a literal holds
// none; the evaluation of conditions never reads an array's, slice's or map's elements.
// Each literal keeps its type: `[...]T{a, b, c}` becomes `[3]T{}`, `[N]T{...}`, `[]T{...}` and
// `map[K]V{...}` become empty. Struct literals (whose field values conditions do read) and
// literals of named types (struct or not: the syntax does not tell) are kept, the tables in
// their fields emptied.
func shrinkDataLiterals(files []*ast.File) {
	for _, f := range files {
		dotImport := false
		for _, imp := range f.Imports {
			if imp.Name != nil && imp.Name.Name == "." {
				dotImport = true // a bare name could then be os.Args
			}
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.VAR {
				continue
			}
			for _, spec := range g.Specs {
				for _, v := range spec.(*ast.ValueSpec).Values {
					// Also the tables inside a struct literal (x/text's `&Charmap{decode:
					// [256]utf8Enc{...}}`): an array, slice or map field's value is never
					// one a condition can read.
					ast.Inspect(v, func(n ast.Node) bool {
						switch n := n.(type) {
						case *ast.FuncLit:
							return false // code, not data
						case *ast.CompositeLit:
							if len(n.Elts) >= minDataElements && shrinkDataLiteral(n, dotImport) {
								return false
							}
						}
						return true
					})
				}
			}
		}
	}
}

// shrinkDataLiteral empties lit when it is an array, slice or map literal of data; reports
// whether it did.
func shrinkDataLiteral(lit *ast.CompositeLit, dotImport bool) bool {
	var array *ast.ArrayType
	switch t := lit.Type.(type) {
	case *ast.ArrayType:
		array = t
		if _, ok := t.Elt.(*ast.FuncType); ok {
			return false // a table of functions, which a range at init may call (rangeTable)
		}
	case *ast.MapType:
		if _, ok := t.Value.(*ast.FuncType); ok {
			return false
		}
	default:
		return false
	}
	for _, e := range lit.Elts {
		if !isData(e, dotImport) {
			return false
		}
	}
	if array != nil {
		if _, ellipsis := array.Len.(*ast.Ellipsis); ellipsis {
			for _, e := range lit.Elts {
				if _, keyed := e.(*ast.KeyValueExpr); keyed {
					return false // the length is the largest key's: left to the checker
				}
			}
			lit.Type = &ast.ArrayType{
				Lbrack: array.Lbrack,
				Len:    &ast.BasicLit{ValuePos: array.Len.Pos(), Kind: token.INT, Value: strconv.Itoa(len(lit.Elts))},
				Elt:    array.Elt,
			}
		}
	}
	lit.Elts = nil
	return true
}

// isData: an element made of basic literals, names (constants, or vars read without a call),
// nested literals, operators and keys; nothing that calls, receives or starts anything.
func isData(e ast.Expr, dotImport bool) bool {
	switch x := e.(type) {
	case *ast.BasicLit:
		return true
	case *ast.Ident:
		return !dotImport
	case *ast.SelectorExpr:
		_, ok := x.X.(*ast.Ident) // pkg.Name; never os.Args (os may be imported as any name)
		return ok && x.Sel.Name != "Args"
	case *ast.ParenExpr:
		return isData(x.X, dotImport)
	case *ast.UnaryExpr:
		return x.Op != token.ARROW && isData(x.X, dotImport)
	case *ast.BinaryExpr:
		return isData(x.X, dotImport) && isData(x.Y, dotImport)
	case *ast.KeyValueExpr:
		return isData(x.Key, dotImport) && isData(x.Value, dotImport)
	case *ast.CompositeLit:
		if x.Type != nil && !isDataType(x.Type) {
			return false
		}
		for _, el := range x.Elts {
			if !isData(el, dotImport) {
				return false
			}
		}
		return true
	}
	return false
}

// isDataType: a type expression without calls or channel operations in it (an array
// length such as [len(x)]T is left to the checker).
func isDataType(t ast.Expr) bool {
	ok := true
	ast.Inspect(t, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.CallExpr, *ast.FuncLit:
			ok = false
		}
		return ok
	})
	return ok
}
