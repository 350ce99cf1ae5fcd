// Conditions that decide whether code runs under go test, and on which path.

package hazards

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
)

// testingGuard reports whether cond is `testing.Testing()` (positive) or
// `!testing.Testing()` (negated).
func (w *walker) testingGuard(cond ast.Expr) (isGuard, negated bool) {
	cond = ast.Unparen(cond)
	if u, ok := cond.(*ast.UnaryExpr); ok && u.Op == token.NOT {
		g, neg := w.testingGuard(u.X)
		return g, !neg
	}
	call, ok := cond.(*ast.CallExpr)
	if !ok {
		return false, false
	}
	if fn, ok := w.staticCallee(call).(*types.Func); ok && funcKey(fn) == "testing.Testing" {
		return true, false
	}
	return false, false
}

func terminates(b *ast.BlockStmt) bool {
	if b == nil || len(b.List) == 0 {
		return false
	}
	switch b.List[len(b.List)-1].(type) {
	case *ast.ReturnStmt:
		return true
	}
	return false
}

// returnsEarly: a compound statement holding a return (outside function literals).
func returnsEarly(s ast.Stmt) bool {
	switch s.(type) {
	case *ast.ReturnStmt, *ast.ExprStmt, *ast.AssignStmt, *ast.DeclStmt, *ast.GoStmt, *ast.DeferStmt:
		return false
	}
	found := false
	ast.Inspect(s, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			found = true
		}
		return !found
	})
	return found
}

var errorType = types.Universe.Lookup("error").Type().Underlying().(*types.Interface)

// isErrCheck: `x != nil` with x an error (possibly one operand of &&).
func (w *walker) isErrCheck(cond ast.Expr) bool {
	b, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok {
		return false
	}
	switch b.Op {
	case token.LAND:
		return w.isErrCheck(b.X) || w.isErrCheck(b.Y)
	case token.NEQ:
		for _, pair := range [][2]ast.Expr{{b.X, b.Y}, {b.Y, b.X}} {
			if tv, ok := w.info.Types[pair[1]]; ok && tv.IsNil() {
				if t := w.info.TypeOf(pair[0]); t != nil && types.Implements(t, errorType) {
					return true
				}
			}
		}
	}
	return false
}

// envGated: the if statement's body runs only when an environment variable is set
// (`os.Getenv(k) == "1"`, `os.Getenv(k) != ""`, `if _, ok := os.LookupEnv(k); ok`), the
// pattern tests use to re-execute their own binary as a child process.
func envGated(info *types.Info, is *ast.IfStmt) bool {
	fromInit := map[types.Object]string{} // variables bound in the if's init: "getenv" or "lookup-ok"
	if as, ok := is.Init.(*ast.AssignStmt); ok && len(as.Rhs) == 1 {
		if call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr); ok {
			switch calleeKey(info, call) {
			case "os.Getenv":
				if len(as.Lhs) == 1 {
					fromInit[objOf(info, as.Lhs[0])] = "getenv"
				}
			case "os.LookupEnv":
				if len(as.Lhs) == 2 {
					fromInit[objOf(info, as.Lhs[1])] = "lookup-ok"
				}
			}
		}
	}
	isGetenv := func(e ast.Expr) bool {
		e = ast.Unparen(e)
		if call, ok := e.(*ast.CallExpr); ok {
			return calleeKey(info, call) == "os.Getenv"
		}
		return fromInit[objOf(info, e)] == "getenv"
	}
	constString := func(e ast.Expr) (string, bool) {
		tv, ok := info.Types[e]
		if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
			return "", false
		}
		return constant.StringVal(tv.Value), true
	}
	var set func(e ast.Expr) bool
	set = func(e ast.Expr) bool {
		e = ast.Unparen(e)
		if id, ok := e.(*ast.Ident); ok {
			return fromInit[objOf(info, id)] == "lookup-ok"
		}
		b, ok := e.(*ast.BinaryExpr)
		if !ok {
			return false
		}
		switch b.Op {
		case token.LAND:
			return set(b.X) || set(b.Y)
		case token.EQL, token.NEQ:
			for _, pair := range [][2]ast.Expr{{b.X, b.Y}, {b.Y, b.X}} {
				if !isGetenv(pair[0]) {
					continue
				}
				if v, ok := constString(pair[1]); ok {
					return (b.Op == token.EQL) == (v != "")
				}
			}
		}
		return false
	}
	return set(is.Cond)
}

func objOf(info *types.Info, e ast.Expr) types.Object {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	if o := info.Defs[id]; o != nil {
		return o
	}
	return info.Uses[id]
}

func calleeKey(info *types.Info, call *ast.CallExpr) string {
	if fn, ok := (&walker{info: info}).staticCallee(call).(*types.Func); ok {
		return funcKey(fn)
	}
	return ""
}

// identOf: the identifier naming e (x, or pkg.x / v.m), nil for anything else.
func identOf(e ast.Expr) *ast.Ident {
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		return x
	case *ast.SelectorExpr:
		return x.Sel
	}
	return nil
}
