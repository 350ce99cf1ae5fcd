// Dropping the bodies that nothing run at initialisation or by TestMain can call, before
// anything is type-checked.

package hazards

import (
	"go/ast"
	"go/token"
	"path/filepath"
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
	byName, reached := scanReachable(fset, files, nil)
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

// scanReachable finds, by name, every function declaration a root may reach (the
// over-approximation pruneUnreachable describes) and hands visit, when not nil, every node of
// what it scans: the roots' bodies, var initialisers, reached bodies and the function
// literals held by package vars whose names are mentioned. It returns the declarations other
// than roots by name, and which declarations were reached.
func scanReachable(fset *token.FileSet, files []*ast.File, visit func(ast.Node)) (byName map[string][]*ast.FuncDecl, reached map[*ast.FuncDecl]bool) {
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
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Body == nil {
					continue
				}
				if d.Recv == nil && (d.Name.Name == "init" || d.Name.Name == "TestMain") {
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
