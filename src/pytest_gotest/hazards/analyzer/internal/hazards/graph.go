// The call graph: module-local functions as nodes, found and walked on first use.

package hazards

import (
	"go/ast"
	"go/token"
	"go/types"
)

// funcNode is a module-local function, method or function literal with the hazards and
// local calls found directly in its body (computed once, on first use).
type funcNode struct {
	name  string
	pkg   *unit
	body  *ast.BlockStmt // nil for a root made of expressions (var initialiser)
	ftype *ast.FuncType  // nil for a root
	recv  *ast.FieldList // a method's receiver
	facts facts          // what the caller knows about the arguments (a variant)
	nest  int            // variants between it and a node without facts (maxVariantNest)
	// result: what is known about the value it returns (every return reached returns the
	// same known value), filled by the walk.
	result     value
	returns    int
	resultSame bool
	walking    bool // its walk is under way (a recursive call asks for its result)
	exprs      []ast.Expr
	analysed   bool
	sites      []site
	edges      []edge
	callsRun   []token.Pos // calls of (*testing.M).Run
}

type litKey struct {
	u   *unit
	lit *ast.FuncLit
}

// funcValue is a function value assigned to a variable, with the unit it was written in.
type funcValue struct {
	u    *unit
	expr ast.Expr
}

type analyzer struct {
	prog *program
	// decls: module-local functions by funcKey. Each unit is type-checked with its imports
	// from export data, so a callee in another package is a different *types.Func object
	// than the one of its own unit; the key joins them.
	decls map[string]*funcNode
	lits  map[litKey]*funcNode
	// funcValues: variables (local, by object; package-level, by "path.name") assigned a
	// function value; a call through the variable is a call of every value assigned to it.
	funcValues map[any][]funcValue
	// calls: callee (funcKey) -> rule id, from the rule table.
	calls map[string]string
	// reportAllExits is Config.ReportAllExits.
	reportAllExits bool
	// noLinkerStrings is Config.NoLinkerStrings.
	noLinkerStrings bool
	// variants: nodes walked with what their callers know about the arguments.
	variants map[variantKey]*funcNode
	// assignedFields: struct fields (by declaration position) that the module's code
	// assigns outside composite literals; their values never come from a literal.
	assignedFields map[token.Pos]bool
	// pkgVarInits: package-level vars (by varKey) whose declaration gives a known value.
	pkgVarInits map[string]value
	// locals: how local variables are used (locals.go), found on first need.
	locals map[localKey]localUse
	// funcTables: package-level vars (by varKey) declared with a literal of functions
	// (`var inits = []func(){a, b}`), with the unit that declares them.
	funcTables map[string]funcTable
	// rangedTables: the range variables whose table's elements are in funcValues.
	rangedTables map[localKey]bool
}

func newAnalyzer(prog *program, cfg Config) *analyzer {
	return &analyzer{
		prog:            prog,
		noLinkerStrings: cfg.NoLinkerStrings,
		decls:           map[string]*funcNode{},
		lits:            map[litKey]*funcNode{},
		funcValues:      map[any][]funcValue{},
		calls:           callIndex(),
		reportAllExits:  cfg.ReportAllExits,
		variants:        map[variantKey]*funcNode{},
		assignedFields:  map[token.Pos]bool{},
		pkgVarInits:     map[string]value{},
		locals:          map[localKey]localUse{},
		funcTables:      map[string]funcTable{},
		rangedTables:    map[localKey]bool{},
	}
}

// register indexes a unit's function declarations and function-valued assignments; for a
// test unit only its _test.go files (its other files belong to the base unit). It returns
// the keys it added so that a test unit can be dropped after its analysis.
func (a *analyzer) register(u *unit) (keys []string, vars []any) {
	if u.info == nil {
		return nil, nil
	}
	for _, f := range u.files {
		if u.forTest != "" && !u.xtest && !u.testFile[f] {
			continue
		}
		a.recordAssignedFields(u, f)
		a.recordPkgVarInits(u, f)
		vars = append(vars, a.recordFuncTables(u, f)...)
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil || (fd.Recv == nil && fd.Name.Name == "init") {
				continue
			}
			if fn, ok := u.info.Defs[fd.Name].(*types.Func); ok {
				k := funcKey(fn)
				if _, dup := a.decls[k]; !dup {
					a.decls[k] = &funcNode{name: declName(fd), pkg: u, body: fd.Body, ftype: fd.Type, recv: fd.Recv}
					keys = append(keys, k)
				}
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if len(n.Lhs) == len(n.Rhs) {
					for i, l := range n.Lhs {
						vars = append(vars, a.recordFuncValue(u, l, n.Rhs[i])...)
					}
				}
			case *ast.ValueSpec:
				if len(n.Names) == len(n.Values) {
					for i, l := range n.Names {
						vars = append(vars, a.recordFuncValue(u, l, n.Values[i])...)
					}
				}
			}
			return true
		})
	}
	return keys, vars
}

func (a *analyzer) unregister(u *unit, keys []string, vars []any) {
	for _, k := range keys {
		delete(a.decls, k)
	}
	for _, v := range vars {
		delete(a.funcValues, v)
		if k, ok := v.(string); ok {
			delete(a.funcTables, k)
		}
	}
	for k := range a.lits {
		if k.u == u {
			delete(a.lits, k)
		}
	}
	for k := range a.variants {
		if k.n.pkg == u {
			delete(a.variants, k)
		}
	}
	for k := range a.locals {
		if k.u == u {
			delete(a.locals, k)
		}
	}
	for k := range a.rangedTables {
		if k.u == u {
			delete(a.funcValues, k.v)
			delete(a.rangedTables, k)
		}
	}
}

// varID identifies a variable across units: package-level ones by name.
func varID(v *types.Var) any {
	if isPkgLevel(v) {
		return varKey(v)
	}
	return v
}

func declName(d *ast.FuncDecl) string {
	if d.Recv == nil || len(d.Recv.List) == 0 {
		return d.Name.Name
	}
	t := d.Recv.List[0].Type
	star := ""
	if s, ok := t.(*ast.StarExpr); ok {
		t, star = s.X, "*"
	}
	switch x := t.(type) {
	case *ast.IndexExpr:
		t = x.X
	case *ast.IndexListExpr:
		t = x.X
	}
	name := "?"
	if id, ok := t.(*ast.Ident); ok {
		name = id.Name
	}
	if star == "" {
		return name + "." + d.Name.Name
	}
	return "(*" + name + ")." + d.Name.Name
}

func (a *analyzer) recordFuncValue(u *unit, lhs ast.Expr, rhs ast.Expr) []any {
	id, ok := ast.Unparen(lhs).(*ast.Ident)
	if !ok {
		return nil
	}
	obj := u.info.Defs[id]
	if obj == nil {
		obj = u.info.Uses[id]
	}
	v, ok := obj.(*types.Var)
	if !ok {
		return nil
	}
	if _, ok := v.Type().Underlying().(*types.Signature); !ok {
		return nil
	}
	if !namesFuncValue(rhs) {
		return nil
	}
	k := varID(v)
	a.funcValues[k] = append(a.funcValues[k], funcValue{u, typedOnceWrapped(u.info, rhs)})
	return []any{k}
}

// namesFuncValue: rhs is of a shape whose function value a call through the variable it is
// stored in is followed to (a literal, a function or method by name, an instantiation).
// pruneUnreachable keeps every body storing such a shape, so the two must agree.
func namesFuncValue(rhs ast.Expr) bool {
	switch ast.Unparen(onceWrapped(rhs)).(type) {
	case *ast.FuncLit, *ast.Ident, *ast.SelectorExpr, *ast.IndexExpr, *ast.IndexListExpr:
		return true
	}
	return false
}

// typedOnceWrapped: onceWrapped where the name sync is the standard library's package (not a
// variable or another package imported under that name); e itself otherwise.
func typedOnceWrapped(info *types.Info, e ast.Expr) ast.Expr {
	f := onceWrapped(e)
	if f == ast.Unparen(e) {
		return f
	}
	fun := ast.Unparen(ast.Unparen(e).(*ast.CallExpr).Fun)
	if index, ok := fun.(*ast.IndexExpr); ok {
		fun = index.X
	} else if index, ok := fun.(*ast.IndexListExpr); ok {
		fun = index.X
	}
	pkg, ok := info.Uses[fun.(*ast.SelectorExpr).X.(*ast.Ident)].(*types.PkgName)
	if !ok || pkg.Imported().Path() != "sync" {
		return ast.Unparen(e)
	}
	return f
}

// onceWrapped: f for sync.OnceFunc(f), sync.OnceValue(f) and sync.OnceValues(f) (Go 1.21),
// whose result runs f on its first call; e itself otherwise. By the syntax (the package
// named sync), so that pruning, which has no types, agrees with the analysis.
func onceWrapped(e ast.Expr) ast.Expr {
	e = ast.Unparen(e)
	call, ok := e.(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return e
	}
	fun := ast.Unparen(call.Fun)
	if index, ok := fun.(*ast.IndexExpr); ok { // sync.OnceValue[int](f)
		fun = index.X
	} else if index, ok := fun.(*ast.IndexListExpr); ok {
		fun = index.X
	}
	sel, ok := fun.(*ast.SelectorExpr)
	if !ok {
		return e
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok || pkg.Name != "sync" {
		return e
	}
	switch sel.Sel.Name {
	case "OnceFunc", "OnceValue", "OnceValues":
		return ast.Unparen(call.Args[0])
	}
	return e
}

func (a *analyzer) litNode(u *unit, lit *ast.FuncLit, name string) *funcNode {
	k := litKey{u, lit}
	if n, ok := a.lits[k]; ok {
		return n
	}
	n := &funcNode{name: name, pkg: u, body: lit.Body, ftype: lit.Type}
	a.lits[k] = n
	return n
}

// analyse fills the node's direct sites and edges.
func (a *analyzer) analyse(n *funcNode) {
	if n.analysed {
		return
	}
	n.analysed = true
	w := &walker{a: a, n: n, info: n.pkg.info, inlining: map[*ast.FuncLit]bool{}, scope: n.body, scopeType: n.ftype}
	w.initEnv()
	n.walking = true
	defer func() { n.walking = false }()
	if n.body != nil {
		w.stmts(n.body.List, walkCtx{})
	}
	for _, e := range n.exprs {
		w.expr(e, walkCtx{})
	}
}
