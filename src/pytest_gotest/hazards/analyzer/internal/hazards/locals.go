// Values known from a variable's one declaration: a receiver reached through a local
// (`fs := flag.CommandLine; fs.Parse(nil)`), the dynamic type of a local interface
// (`var s fmt.Stringer = T{}; s.String()`), and the functions of a table ranged over at init
// (`for _, f := range inits { f() }`). Only the simple, sound cases: a local given its value
// once where it is declared and never assigned again nor its address taken; a table whose
// elements nothing can change.

package hazards

import (
	"go/ast"
	"go/token"
	"go/types"
)

// localUse: how its function's code uses a local variable (found once per variable).
type localUse struct {
	// value: the expression its declaration gives it (`x := e`, `var x = e`, one value per
	// name); nil when it has none there.
	value ast.Expr
	// written: assigned again (=, op=, a redeclaring :=, ++, range into it), its address
	// taken (&x), or a method or field selected on it while it is neither a pointer nor an
	// interface (a pointer method may then change it): its value is not the declaration's
	// everywhere.
	written bool
	// elemsRead: every use only reads its elements (ranged over, indexed, len, cap): a table's
	// elements stay those of its literal.
	elemsRead bool
	// sourceChanged: value reads a package-level variable (`fs := flag.CommandLine`) that the
	// function declaring the local (or a function literal in it) changes: the local keeps
	// the value from before, which reading the variable again would not give (`fs :=
	// flag.CommandLine; flag.CommandLine = flag.NewFlagSet(...); fs.Parse(nil)` parses the
	// old set). Anywhere in the function, before or after, on any path: the simple sound rule.
	sourceChanged bool
}

// localUse finds how the local variable v, declared in a file of u, is used there. A local
// is visible only inside its function, so that file's code is every use.
func (a *analyzer) localUse(u *unit, v *types.Var) localUse {
	k := localKey{u, v}
	if lu, ok := a.locals[k]; ok {
		return lu
	}
	lu := localUse{elemsRead: true}
	// Selecting on a pointer or an interface cannot change the variable itself.
	_, isPtr := v.Type().Underlying().(*types.Pointer)
	isPtr = isPtr || types.IsInterface(v.Type())
	file := fileOf(u, v.Pos())
	if file == nil {
		lu.written = true
		a.locals[k] = lu
		return lu
	}
	// Every use is inside the block that declares it: only what overlaps it is looked at
	// (one variable's uses, not its whole file, for each receiver asked about).
	lo, hi := file.Pos(), file.End()
	if sc := v.Parent(); sc != nil && sc.Pos().IsValid() {
		lo, hi = sc.Pos(), sc.End()
	}
	var stack []ast.Node
	ast.Inspect(file, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if n.End() <= lo || n.Pos() >= hi {
			return false
		}
		if id, ok := n.(*ast.Ident); ok {
			switch {
			case u.info.Defs[id] == v:
				lu.value = declaredValue(stack, id)
			case u.info.Uses[id] == v:
				pos := usePosition(stack, id)
				lu.written = lu.written || pos == useWrite || (pos == useSelect && !isPtr)
				lu.elemsRead = lu.elemsRead && pos == useElems
			}
		}
		stack = append(stack, n)
		return true
	})
	lu.sourceChanged = a.sourceChanged(u, file, v, lu.value)
	a.locals[k] = lu
	return lu
}

// fileOf: the file of u that holds pos, nil if none does.
func fileOf(u *unit, pos token.Pos) *ast.File {
	for _, f := range u.files {
		if f.FileStart <= pos && pos < f.FileEnd {
			return f
		}
	}
	return nil
}

// sourceChanged: value, given to the local v where it is declared in file, reads a
// package-level variable (`flag.CommandLine`, `cfg`) that the top-level declaration holding
// v (its function, with the function literals in it) assigns, increments, ranges into, takes
// the address of or, when it is neither a pointer nor an interface, calls a method on; or
// that a module-local function it calls by name does, to any depth (`fs := flag.CommandLine;
// resetFlags(); fs.Parse(nil)`, where resetFlags replaces flag.CommandLine).
func (a *analyzer) sourceChanged(u *unit, file *ast.File, v *types.Var, value ast.Expr) bool {
	src, ok := u.info.Uses[identOf(value)].(*types.Var)
	if !ok || !isPkgLevel(src) {
		return false // not a package-level var's value (a field is not one either)
	}
	var decl ast.Decl
	for _, d := range file.Decls {
		if d.Pos() <= v.Pos() && v.Pos() < d.End() {
			decl = d
		}
	}
	if decl == nil {
		return true
	}
	return a.changesVar(u, decl, src, map[*ast.BlockStmt]bool{})
}

// changesVar: n, code of u, changes the package-level var src (sourceChanged), or calls a
// module-local function or method by name whose body does, through such calls to any depth
// (seen: the bodies looked at). A callee is looked for only when code of the module that can
// run changes a var of src's name (assignedNames), which is rare: no walk otherwise. Calls
// through function values and interfaces are not followed, as for the walk's own callees
// they are only when the value is known.
func (a *analyzer) changesVar(u *unit, n ast.Node, src *types.Var, seen map[*ast.BlockStmt]bool) bool {
	key := varKey(src)
	_, isPtr := src.Type().Underlying().(*types.Pointer)
	changed := false
	changedExprs(n, !isPtr && !types.IsInterface(src.Type()), func(e ast.Expr) {
		// By key, not by object: a callee of another unit has its own object for src.
		o, ok := u.info.Uses[identOf(e)].(*types.Var)
		changed = changed || (ok && isPkgLevel(o) && varKey(o) == key)
	})
	if changed || !a.prog.assignedNames[src.Name()] {
		return changed
	}
	ast.Inspect(n, func(x ast.Node) bool {
		call, ok := x.(*ast.CallExpr)
		if changed || !ok {
			return !changed
		}
		callee := a.calledDecl(u, call)
		if callee == nil || callee.body == nil || seen[callee.body] {
			return true
		}
		seen[callee.body] = true
		changed = a.changesVar(callee.pkg, callee.body, src, seen)
		return !changed
	})
	return changed
}

// calledDecl: the module-local function or method (its node in decls) that call, code of u,
// calls by name (`f()`, `pkg.F()`, `x.m()` on a concrete type); nil for any other call.
func (a *analyzer) calledDecl(u *unit, call *ast.CallExpr) *funcNode {
	var id *ast.Ident
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		id = fun
	case *ast.SelectorExpr:
		id = fun.Sel
	case *ast.IndexExpr: // an instantiation, f[T]()
		id = identOf(fun.X)
	case *ast.IndexListExpr:
		id = identOf(fun.X)
	}
	fn, ok := u.info.Uses[id].(*types.Func)
	if id == nil || !ok {
		return nil
	}
	return a.decls[funcKey(fn)]
}

type localKey struct {
	u *unit
	v *types.Var
}

// declaredValue: the value a declaring identifier is given by its statement (its parent,
// the top of stack), when each name there has its own.
func declaredValue(stack []ast.Node, id *ast.Ident) ast.Expr {
	switch p := stack[len(stack)-1].(type) {
	case *ast.AssignStmt:
		if p.Tok == token.DEFINE && len(p.Lhs) == len(p.Rhs) {
			for i, l := range p.Lhs {
				if l == id {
					return p.Rhs[i]
				}
			}
		}
	case *ast.ValueSpec:
		if len(p.Names) == len(p.Values) {
			for i, n := range p.Names {
				if n == id {
					return p.Values[i]
				}
			}
		}
	}
	return nil
}

type usePos int

const (
	useOther  usePos = iota // read as a whole: passed, copied, returned, compared...
	useWrite                // assigned, incremented, ranged into, address taken
	useSelect               // x.f or x.m
	useElems                // range x, x[i] read, len(x), cap(x)
)

// usePosition classifies a use of a variable by the syntax around it (stack: its
// ancestors, innermost last).
func usePosition(stack []ast.Node, e ast.Expr) usePos {
	i := len(stack) - 1
	for i >= 0 {
		if p, ok := stack[i].(*ast.ParenExpr); ok {
			e = p
			i--
			continue
		}
		break
	}
	if i < 0 {
		return useOther
	}
	switch p := stack[i].(type) {
	case *ast.AssignStmt:
		if written(p.Lhs, e) {
			return useWrite
		}
	case *ast.IncDecStmt:
		return useWrite
	case *ast.RangeStmt:
		if p.X == e {
			return useElems
		}
		return useWrite // range into it (for k, x = range ...)
	case *ast.UnaryExpr:
		if p.Op == token.AND {
			return useWrite
		}
	case *ast.SelectorExpr:
		if p.X == e {
			return useSelect
		}
	case *ast.IndexExpr:
		if p.X == e && usePosition(stack[:i], p) != useWrite {
			return useElems // x[i] read; x[i] = v changes an element
		}
	case *ast.CallExpr:
		if fun, ok := ast.Unparen(p.Fun).(*ast.Ident); ok && (fun.Name == "len" || fun.Name == "cap") && len(p.Args) == 1 && p.Args[0] == e {
			return useElems // (a shadowing len/cap function only makes this a read too)
		}
	}
	return useOther
}

// written: e is one of an assignment's targets.
func written(lhs []ast.Expr, e ast.Expr) bool {
	for _, l := range lhs {
		if l == e {
			return true
		}
	}
	return false
}

// soleValue: the expression the local variable e names was declared with, when that is its
// value wherever it is read (localUse: declared with it, never written, and when it reads a
// package-level variable, that variable not changed by its function); followed through
// such locals (`fs := flag.CommandLine; f := fs`), a few deep. e itself otherwise.
func (w *walker) soleValue(e ast.Expr) ast.Expr {
	for range 4 {
		id, ok := ast.Unparen(e).(*ast.Ident)
		if !ok {
			return e
		}
		v, ok := w.info.Uses[id].(*types.Var)
		if !ok || isPkgLevel(v) || v.IsField() {
			return e
		}
		lu := w.a.localUse(w.n.pkg, v)
		if lu.value == nil || lu.written || lu.sourceChanged {
			return e
		}
		e = lu.value
	}
	return e
}

// funcTable: a literal of functions (slice, array or map) and the unit it is written in.
type funcTable struct {
	u   *unit
	lit *ast.CompositeLit
}

// recordFuncTables notes the file's package-level vars declared with a literal whose
// elements are functions; it returns their keys (dropped with a test unit).
func (a *analyzer) recordFuncTables(u *unit, f *ast.File) (keys []any) {
	for _, vs := range varSpecs(f) {
		if len(vs.Names) != len(vs.Values) {
			continue
		}
		for i, name := range vs.Names {
			v, ok := u.info.Defs[name].(*types.Var)
			lit, isLit := ast.Unparen(vs.Values[i]).(*ast.CompositeLit)
			if ok && isLit && isPkgLevel(v) && funcElems(v.Type()) {
				a.funcTables[varKey(v)] = funcTable{u, lit}
				keys = append(keys, varKey(v))
			}
		}
	}
	return keys
}

// funcElems: t is a slice, array or map of functions.
func funcElems(t types.Type) bool {
	var elem types.Type
	switch t := t.Underlying().(type) {
	case *types.Slice:
		elem = t.Elem()
	case *types.Array:
		elem = t.Elem()
	case *types.Map:
		elem = t.Elem()
	default:
		return false
	}
	_, ok := elem.Underlying().(*types.Signature)
	return ok
}

// rangeTable: in `for _, f := range t` over a table of functions written as a literal, a
// call through f is a call of the literal's elements, each of which the loop calls: they
// are recorded as f's function values, as an assigned function is. t is the literal itself,
// a local declared with it whose every use reads its elements (localUse), or a package-level
// var declared with it that no code that can run uses other than that (tablesTouched, which
// counts changes too). Anything else is not followed.
func (w *walker) rangeTable(s *ast.RangeStmt) {
	id, ok := s.Value.(*ast.Ident)
	if !ok || s.Tok != token.DEFINE {
		return
	}
	f, ok := w.info.Defs[id].(*types.Var)
	if !ok {
		return
	}
	if _, ok := f.Type().Underlying().(*types.Signature); !ok {
		return
	}
	k := localKey{w.n.pkg, f}
	if w.a.rangedTables[k] {
		return
	}
	w.a.rangedTables[k] = true
	t, ok := w.funcTableOf(s.X)
	if !ok {
		return
	}
	for _, el := range t.lit.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			el = kv.Value // [...]func(){0: a}, map[string]func(){"a": a}
		}
		if namesFuncValue(el) {
			w.a.funcValues[f] = append(w.a.funcValues[f], funcValue{t.u, typedOnceWrapped(t.u.info, el)})
		}
	}
}

// funcTableOf: the literal a ranged-over expression holds, when its elements are known to be
// the literal's (rangeTable).
func (w *walker) funcTableOf(x ast.Expr) (funcTable, bool) {
	x = ast.Unparen(x)
	if lit, ok := x.(*ast.CompositeLit); ok {
		return funcTable{w.n.pkg, lit}, true
	}
	v, ok := w.info.Uses[identOf(x)].(*types.Var)
	if !ok || v.IsField() {
		return funcTable{}, false
	}
	if isPkgLevel(v) {
		t, ok := w.a.funcTables[varKey(v)]
		// tablesTouched counts every change assignedNames would, for this package's table.
		if !ok || w.a.prog.tableTouched(varKey(v), v.Name()) {
			return funcTable{}, false
		}
		return t, true
	}
	if _, local := x.(*ast.Ident); !local {
		return funcTable{}, false
	}
	lu := w.a.localUse(w.n.pkg, v)
	lit, ok := ast.Unparen(lu.value).(*ast.CompositeLit)
	if lu.value == nil || !ok || lu.written || !lu.elemsRead {
		return funcTable{}, false
	}
	return funcTable{w.n.pkg, lit}, true
}

// concreteMethod: for a call of an interface method on a local given its value once
// (soleValue) from an expression of a concrete type (`var s fmt.Stringer = &T{}`;
// `s.String()`), that type's method: the interface then always holds a value of that type.
// fn itself for any other call (interface calls are not resolved otherwise).
func (w *walker) concreteMethod(fn *types.Func, call *ast.CallExpr) *types.Func {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil || !types.IsInterface(sig.Recv().Type()) {
		return fn
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return fn
	}
	x := w.soleValue(sel.X)
	t := w.info.TypeOf(x)
	if x == sel.X || t == nil || types.IsInterface(t) {
		return fn
	}
	if b, ok := t.(*types.Basic); ok && b.Kind() == types.UntypedNil {
		return fn
	}
	obj, _, _ := types.LookupFieldOrMethod(t, false, fn.Pkg(), fn.Name())
	if m, ok := obj.(*types.Func); ok {
		return m
	}
	return fn
}
