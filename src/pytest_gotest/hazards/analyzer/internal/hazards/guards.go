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

// isErrCheck: `x != nil` with x an error, or `len(errs) > 0` (`!= 0`, `>= 1`) with errs a
// slice of errors (Ginkgo's exitIfErrors); possibly one operand of &&.
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
	return w.isErrorsNonEmpty(b)
}

// isErrorsNonEmpty: `len(errs) > 0`, `len(errs) != 0` or `len(errs) >= 1`, errs a slice of
// errors.
func (w *walker) isErrorsNonEmpty(b *ast.BinaryExpr) bool {
	var bound int64
	switch b.Op {
	case token.GTR, token.NEQ:
		bound = 0
	case token.GEQ:
		bound = 1
	default:
		return false
	}
	call, ok := ast.Unparen(b.X).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return false
	}
	if fn, ok := w.staticCallee(call).(*types.Builtin); !ok || fn.Name() != "len" {
		return false
	}
	tv, ok := w.info.Types[b.Y]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.Int {
		return false
	}
	if n, exact := constant.Int64Val(tv.Value); !exact || n != bound {
		return false
	}
	slice, ok := w.info.TypeOf(call.Args[0]).Underlying().(*types.Slice)
	return ok && types.Implements(slice.Elem(), errorType)
}

// envGated: the if statement's body runs only when an environment variable is set
// (`os.Getenv(k) == "1"`, `os.Getenv(k) != ""`, `if _, ok := os.LookupEnv(k); ok`), the
// pattern tests use to re-execute their own binary as a child process.
func envGated(info *types.Info, is *ast.IfStmt) bool {
	set, _ := envConditions(info, is)
	return set(is.Cond)
}

// envGuardsTheRest: the if statement's body runs whenever an environment variable is NOT
// the child's (`if os.Getenv(k) != "1" { return }`, `os.Getenv(k) == ""`, `if _, ok :=
// os.LookupEnv(k); !ok`), and returns: what follows it runs only in a re-executed child,
// the same pattern as envGated's written as an early return.
func envGuardsTheRest(info *types.Info, is *ast.IfStmt) bool {
	if is.Else != nil || len(is.Body.List) == 0 {
		return false
	}
	if ret, ok := is.Body.List[len(is.Body.List)-1].(*ast.ReturnStmt); !ok || len(ret.Results) > 0 {
		return false
	}
	_, setWhenFalse := envConditions(info, is)
	return setWhenFalse(is.Cond)
}

// envConditions: for an if statement's condition, whether it being true (set) or false
// (setWhenFalse) means an environment variable is set to a value a child is started with.
func envConditions(info *types.Info, is *ast.IfStmt) (set, setWhenFalse func(ast.Expr) bool) {
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
	// compare: `os.Getenv(k) OP "v"` holding (when) means the variable is set.
	compare := func(b *ast.BinaryExpr, when bool) bool {
		for _, pair := range [][2]ast.Expr{{b.X, b.Y}, {b.Y, b.X}} {
			if !isGetenv(pair[0]) {
				continue
			}
			if v, ok := stringConst(info, pair[1]); ok {
				return ((b.Op == token.EQL) == when) == (v != "")
			}
		}
		return false
	}
	set = func(e ast.Expr) bool {
		e = ast.Unparen(e)
		if id, ok := e.(*ast.Ident); ok {
			return fromInit[objOf(info, id)] == "lookup-ok"
		}
		if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.NOT {
			return setWhenFalse(u.X)
		}
		b, ok := e.(*ast.BinaryExpr)
		if !ok {
			return false
		}
		switch b.Op {
		case token.LAND:
			return set(b.X) || set(b.Y)
		case token.EQL, token.NEQ:
			return compare(b, true)
		}
		return false
	}
	setWhenFalse = func(e ast.Expr) bool {
		e = ast.Unparen(e)
		if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.NOT {
			return set(u.X)
		}
		b, ok := e.(*ast.BinaryExpr)
		if !ok {
			return false
		}
		switch b.Op {
		case token.LOR:
			return setWhenFalse(b.X) || setWhenFalse(b.Y)
		case token.EQL, token.NEQ:
			return compare(b, false)
		}
		return false
	}
	return set, setWhenFalse
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

// failureFlags: for a closure deferred in the function being walked, the variables whose
// falsity (or, for the function's named error results, non-nil-ness) means the function
// is failing: `built := false; defer func() { if !built { c.Close() } }(); ...; built = true;
// return c, nil`. A bool flag counts when it is set to true before every return that is
// not a failure (a return whose last result is a non-nil error).
func (w *walker) failureFlags(d *ast.DeferStmt) map[types.Object]bool {
	out := map[types.Object]bool{}
	if w.scope == nil || w.scopeType == nil {
		return out
	}
	errResult := false
	if res := w.scopeType.Results; res != nil && len(res.List) > 0 {
		last := res.List[len(res.List)-1]
		if t := w.info.TypeOf(last.Type); t != nil && types.Identical(t, errorNamed) {
			errResult = true
			for _, id := range last.Names {
				if o := w.info.Defs[id]; o != nil {
					out[o] = true
				}
			}
		}
	}
	// Candidate flags: local bools set to true after the defer.
	candidates := map[types.Object]bool{}
	inspectNoLits(w.scope, func(n ast.Node) {
		if as, ok := n.(*ast.AssignStmt); ok && as.Pos() > d.Pos() && len(as.Lhs) == 1 && len(as.Rhs) == 1 {
			if o := objOf(w.info, as.Lhs[0]); o != nil && isTrueConst(w.info, as.Rhs[0]) && !isPkgLevelObj(o) {
				candidates[o] = true
			}
		}
	})
	failure := func(r *ast.ReturnStmt) bool {
		if !errResult || len(r.Results) == 0 {
			return false
		}
		tv, ok := w.info.Types[r.Results[len(r.Results)-1]]
		return ok && !tv.IsNil()
	}
	for flag := range candidates {
		ok := true
		var visit func(list []ast.Stmt, set bool)
		visit = func(list []ast.Stmt, set bool) {
			for _, s := range list {
				if !ok {
					return
				}
				if as, isAssign := s.(*ast.AssignStmt); isAssign && s.Pos() > d.Pos() && len(as.Lhs) == 1 && objOf(w.info, as.Lhs[0]) == flag && isTrueConst(w.info, as.Rhs[0]) {
					set = true
				}
				if r, isRet := s.(*ast.ReturnStmt); isRet && r.Pos() > d.Pos() && !set && !failure(r) {
					ok = false
					return
				}
				for _, inner := range innerBlocks(s) {
					visit(inner, set)
				}
			}
		}
		visit(w.scope.List, false)
		if ok && !endsInReturn(w.scope) {
			// Falling off the end is a normal return too: the flag must be set on the way.
			set := false
			for _, s := range w.scope.List {
				if as, isAssign := s.(*ast.AssignStmt); isAssign && s.Pos() > d.Pos() && len(as.Lhs) == 1 && objOf(w.info, as.Lhs[0]) == flag && isTrueConst(w.info, as.Rhs[0]) {
					set = true
				}
			}
			ok = set
		}
		if ok {
			out[flag] = true
		}
	}
	return out
}

// innerBlocks: the statement lists directly inside a compound statement (not function
// literals).
func innerBlocks(s ast.Stmt) [][]ast.Stmt {
	switch s := s.(type) {
	case *ast.BlockStmt:
		return [][]ast.Stmt{s.List}
	case *ast.IfStmt:
		out := [][]ast.Stmt{s.Body.List}
		if s.Else != nil {
			out = append(out, []ast.Stmt{s.Else})
		}
		return out
	case *ast.ForStmt:
		return [][]ast.Stmt{s.Body.List}
	case *ast.RangeStmt:
		return [][]ast.Stmt{s.Body.List}
	case *ast.LabeledStmt:
		return [][]ast.Stmt{{s.Stmt}}
	case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
		var out [][]ast.Stmt
		var body *ast.BlockStmt
		switch s := s.(type) {
		case *ast.SwitchStmt:
			body = s.Body
		case *ast.TypeSwitchStmt:
			body = s.Body
		case *ast.SelectStmt:
			body = s.Body
		}
		for _, cl := range body.List {
			out = append(out, stmtList(cl))
		}
		return out
	}
	return nil
}

// stmtList: the statements a block, or a switch or select clause, holds directly (nil for
// any other node).
func stmtList(n ast.Node) []ast.Stmt {
	switch n := n.(type) {
	case *ast.BlockStmt:
		return n.List
	case *ast.CaseClause:
		return n.Body
	case *ast.CommClause:
		return n.Body
	}
	return nil
}

func isTrueConst(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[e]
	return ok && tv.Value != nil && tv.Value.Kind() == constant.Bool && constant.BoolVal(tv.Value)
}

func isPkgLevelObj(o types.Object) bool {
	return o.Parent() != nil && o.Pkg() != nil && o.Parent() == o.Pkg().Scope()
}

// failureOnlyBranch: inside a deferred closure, `if !flag`, `if flag == false` or
// `if err != nil` on the enclosing function's failure flags (failureFlags).
func (w *walker) failureOnlyBranch(cond ast.Expr) bool {
	if len(w.failureOnly) == 0 {
		return false
	}
	cond = ast.Unparen(cond)
	switch x := cond.(type) {
	case *ast.UnaryExpr:
		if x.Op == token.NOT {
			if o := objOf(w.info, x.X); o != nil && w.failureOnly[o] && !isErrorObj(o) {
				return true
			}
		}
	case *ast.BinaryExpr:
		for _, pair := range [][2]ast.Expr{{x.X, x.Y}, {x.Y, x.X}} {
			o := objOf(w.info, pair[0])
			if o == nil || !w.failureOnly[o] {
				continue
			}
			tv, ok := w.info.Types[pair[1]]
			if !ok {
				continue
			}
			if isErrorObj(o) && x.Op == token.NEQ && tv.IsNil() {
				return true
			}
			if !isErrorObj(o) && x.Op == token.EQL && tv.Value != nil && tv.Value.Kind() == constant.Bool && !constant.BoolVal(tv.Value) {
				return true
			}
		}
	}
	return false
}

// errorNamed: the predeclared type error itself (errorType is its interface).
var errorNamed = types.Universe.Lookup("error").Type()

func isErrorObj(o types.Object) bool {
	return types.Identical(o.Type(), errorNamed)
}

func endsInReturn(b *ast.BlockStmt) bool {
	if len(b.List) == 0 {
		return false
	}
	_, ok := b.List[len(b.List)-1].(*ast.ReturnStmt)
	return ok
}

// envCase: a case clause of `switch os.Getenv(k) { case "vet": ... }` that matches only
// non-empty values: like an env-gated if, it runs only in a re-executed child.
func envCase(info *types.Info, sw *ast.SwitchStmt, cl *ast.CaseClause) bool {
	if sw.Init != nil || sw.Tag == nil || len(cl.List) == 0 {
		return false
	}
	call, ok := ast.Unparen(sw.Tag).(*ast.CallExpr)
	if !ok || calleeKey(info, call) != "os.Getenv" {
		return false
	}
	for _, e := range cl.List {
		if v, ok := stringConst(info, e); !ok || v == "" {
			return false
		}
	}
	return true
}
