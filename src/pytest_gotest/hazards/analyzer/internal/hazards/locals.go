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
	// taken (&x), or a method or field selected on it while it is not a pointer (a pointer
	// method may then change it): its value is not the declaration's everywhere.
	written bool
	// elemsRead: every use only reads its elements (ranged over, indexed, len, cap): a table's
	// elements stay those of its literal.
	elemsRead bool
}

// localUse finds how the local variable v, declared in a file of u, is used there. A local
// is visible only inside its function, so that file's code is every use.
func (a *analyzer) localUse(u *unit, v *types.Var) localUse {
	k := localKey{u, v}
	if lu, ok := a.locals[k]; ok {
		return lu
	}
	lu := localUse{elemsRead: true}
	_, isPtr := v.Type().Underlying().(*types.Pointer)
	var file *ast.File
	for _, f := range u.files {
		if f.FileStart <= v.Pos() && v.Pos() < f.FileEnd {
			file = f
		}
	}
	if file == nil {
		lu.written = true
		a.locals[k] = lu
		return lu
	}
	var stack []ast.Node
	ast.Inspect(file, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
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
	a.locals[k] = lu
	return lu
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
// value wherever it is read (localUse: declared with it, never written); followed through
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
		if lu.value == nil || lu.written {
			return e
		}
		e = lu.value
	}
	return e
}
