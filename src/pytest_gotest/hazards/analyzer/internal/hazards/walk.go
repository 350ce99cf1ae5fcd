package hazards

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"net/netip"
	"os"
	"strings"
)

// site is a hazardous operation found directly in one function body.
type site struct {
	rule string
	pos  token.Pos
	call string
	ctx  walkCtx
	exit exitKind
	// exitCode: the constant status of os.Exit/syscall.Exit (T4 in TestMain's helpers);
	// -1 when not a constant or not such an exit.
	exitCode int64
}

// exitKind separates process exits by how sure their harm is (H3).
type exitKind int

const (
	notExit   exitKind = iota
	panicExit          // panic, log.Panic*: an assertion unless reached unconditionally
	failExit           // os.Exit(n), log.Fatal*: reported unless on an error path
	zeroExit           // os.Exit(0): always reported (a false pass with zero tests)
)

// edge is a call from one function to another module-local function.
type edge struct {
	callee *funcNode
	pos    token.Pos
	ctx    walkCtx
}

// walkCtx describes where in a function body an operation sits.
type walkCtx struct {
	cond    bool // under an if/switch/select/loop body: may not run
	inGo    bool // inside a goroutine started here: does not block the caller
	errPath bool // inside `if err != nil { ... }`: runs only when a call failed
}

func (c walkCtx) or(o walkCtx) walkCtx {
	return walkCtx{c.cond || o.cond, c.inGo || o.inGo, c.errPath || o.errPath}
}

func (c walkCtx) conditional() walkCtx { c.cond = true; return c }
func (c walkCtx) goroutine() walkCtx   { c.inGo = true; return c }
func (c walkCtx) onErrPath() walkCtx   { c.errPath = true; return c }

type walker struct {
	a        *analyzer
	n        *funcNode
	info     *types.Info
	inlining map[*ast.FuncLit]bool
	notified map[types.Object]bool // channels handed to signal.Notify (signalChans)
	// What is known about the body's variables (values.go); nil: nothing is tracked.
	env       map[types.Object]value
	untracked map[types.Object]bool
	depth     int // predicate evaluation depth
	loopDepth int
	// The function whose body is being walked (for a deferred closure: the function it
	// is deferred in), and the conditions of a deferred closure that hold only when that
	// function fails (guards.go, failureOnly).
	scope       *ast.BlockStmt
	scopeType   *ast.FuncType
	failureOnly map[types.Object]bool
	// Walking the condition of an if that only a re-executed child passes on its command
	// line (argsgate.go): its reads of os.Args are that check's, not parsing (H4).
	inArgsGate bool
}

// returnsNothing: the function being walked has no results and is not TestMain (whose early
// return skips the tests: T2's, testmain.go), as an init function and its helpers. A helper
// returning a value early (`return 0` to TestMain) is a different pattern.
func (w *walker) returnsNothing() bool {
	if w.n != nil && w.n.name == "TestMain" {
		return false
	}
	return w.scopeType == nil || w.scopeType.Results == nil || len(w.scopeType.Results.List) == 0
}

func (w *walker) addSite(rule string, pos token.Pos, call string, c walkCtx, exit exitKind) {
	w.n.sites = append(w.n.sites, site{rule: rule, pos: pos, call: call, ctx: c, exit: exit, exitCode: -1})
}

// stmts walks a statement list; it stops after `if testing.Testing() { ...; return }`
// because the rest of the function does not run under go test.
func (w *walker) stmts(list []ast.Stmt, c walkCtx) {
	for _, s := range list {
		if c.inGo && w.waitsForSignal(s) {
			// `go func() { <-ch; debug.SetTraceback("all"); panic("SIGQUIT") }()` with ch
			// handed to signal.Notify (golang.org/x/net/quic): what follows runs only when
			// the process gets that signal, never in a plain test run.
			w.stmt(s, c)
			return
		}
		if is, ok := s.(*ast.IfStmt); ok && w.returnsNothing() && envGuardsTheRest(w.info, is) {
			// `if os.Getenv(k) != "1" { return }`: the re-exec pattern as an early return;
			// the rest runs only in a child started with the variable set.
			w.stmt(is.Init, c)
			w.expr(is.Cond, c)
			w.stmt(is.Body, c.conditional())
			return
		}
		if is, ok := s.(*ast.IfStmt); ok && reexecGated(w.info, is) {
			// The re-exec pattern: the body runs only in a child process started with the
			// variable set (or the command line a child gets), never in the ordinary test
			// binary.
			w.stmt(is.Init, c)
			w.inArgsGate = argsGated(w.info, is.Cond)
			w.expr(is.Cond, c)
			w.inArgsGate = false
			w.stmt(is.Else, c.conditional())
			continue
		}
		if is, ok := s.(*ast.IfStmt); ok {
			if guard, negated := w.testingGuard(is.Cond); guard {
				if is.Init != nil {
					w.stmt(is.Init, c)
				}
				if negated {
					// `if !testing.Testing() { ... }`: the body does not run under go test.
					if is.Else != nil {
						w.stmt(is.Else, c.conditional())
					}
					if blk, ok := is.Else.(*ast.BlockStmt); ok && terminates(blk) {
						return
					}
					continue
				}
				w.stmt(is.Body, c.conditional())
				if terminates(is.Body) {
					return
				}
				continue
			}
		}
		if is, ok := s.(*ast.IfStmt); ok {
			if w.failureOnlyBranch(is.Cond) {
				// A deferred closure's `if !built { c.Close() }`: runs only when the
				// function it is deferred in fails, which its callers handle.
				w.stmt(is.Init, c)
				w.stmt(is.Else, c.conditional())
				continue
			}
			w.stmt(is.Init, c)
			w.expr(is.Cond, c)
			switch w.condition(is.Cond) {
			case isTrue:
				body := c.conditional()
				if w.isErrCheck(is.Cond) {
					// `if err != nil` with an error the caller made (Ginkgo's
					// `exitIfErr(GinkgoErrors.X(...))` after an argument check): still an
					// error path, whose exit prints what went wrong.
					body = body.onErrPath()
				}
				w.stmt(is.Body, body)
				if terminates(is.Body) {
					return // the rest of the body does not run with these values
				}
				continue
			case isFalse:
				w.stmt(is.Else, c.conditional())
				if blk, ok := is.Else.(*ast.BlockStmt); ok && terminates(blk) {
					return
				}
				continue
			}
			w.ifUndecided(is, c)
			if !c.cond && returnsEarly(s) {
				c = c.conditional()
			}
			continue
		}
		w.stmt(s, c)
		if !c.cond && returnsEarly(s) {
			// Past a statement that may return, the rest runs only on some paths: a
			// panic after `for ... { if ok { return } }` is an assertion.
			c = c.conditional()
		}
	}
}

func (w *walker) stmt(s ast.Stmt, c walkCtx) {
	cc := c.conditional()
	switch s := s.(type) {
	case nil:
	case *ast.BlockStmt:
		w.stmts(s.List, c)
	case *ast.ExprStmt:
		w.expr(s.X, c)
	case *ast.AssignStmt:
		for _, l := range s.Lhs {
			w.assignTarget(l, c)
		}
		for _, r := range s.Rhs {
			w.expr(r, c)
		}
		if s.Tok == token.ASSIGN || s.Tok == token.DEFINE {
			w.assign(s.Lhs, s.Rhs)
		} else {
			w.forget(s)
		}
	case *ast.DeclStmt:
		if g, ok := s.Decl.(*ast.GenDecl); ok {
			for _, sp := range g.Specs {
				if vs, ok := sp.(*ast.ValueSpec); ok {
					for _, v := range vs.Values {
						w.expr(v, c)
					}
					w.declare(vs)
				}
			}
		}
	case *ast.IncDecStmt:
		w.expr(s.X, c)
		w.forget(s)
	case *ast.ReturnStmt:
		for _, r := range s.Results {
			w.expr(r, c)
		}
		if w.scope == w.n.body && len(s.Results) == 1 {
			w.returned(w.eval(s.Results[0]))
		}
	case *ast.IfStmt:
		w.stmts([]ast.Stmt{s}, c)
	case *ast.ForStmt:
		w.stmt(s.Init, c)
		w.forget(s)
		if w.condition(s.Cond) == isFalse {
			break
		}
		w.expr(s.Cond, c)
		w.loopDepth++
		w.stmt(s.Post, cc)
		w.stmt(s.Body, cc)
		w.loopDepth--
		w.forget(s)
	case *ast.RangeStmt:
		w.expr(s.X, c)
		w.rangeTable(s)
		if t := w.info.TypeOf(s.X); t != nil && !c.inGo {
			if _, ok := t.Underlying().(*types.Chan); ok {
				w.addSite("H10", s.For, "range over channel", c, notExit)
			}
		}
		w.forget(s)
		w.loopDepth++
		w.stmt(s.Body, cc)
		w.loopDepth--
		w.forget(s)
	case *ast.SwitchStmt:
		w.stmt(s.Init, c)
		w.inArgsGate = argsSwitch(w.info, s)
		w.expr(s.Tag, c)
		w.inArgsGate = false
		before := w.snapshot()
		for _, cl := range s.Body.List {
			cl := cl.(*ast.CaseClause)
			if reexecCase(w.info, s, cl) {
				continue // runs only in a re-executed child
			}
			for _, e := range cl.List {
				w.expr(e, cc)
			}
			w.stmts(cl.Body, cc)
			w.env = copyEnv(before)
		}
		w.forget(s.Body)
	case *ast.TypeSwitchStmt:
		w.stmt(s.Init, c)
		w.stmt(s.Assign, c)
		before := w.snapshot()
		for _, cl := range s.Body.List {
			w.stmts(cl.(*ast.CaseClause).Body, cc)
			w.env = copyEnv(before)
		}
		w.forget(s.Body)
	case *ast.SelectStmt:
		hasDefault := false
		for _, cl := range s.Body.List {
			if cl.(*ast.CommClause).Comm == nil {
				hasDefault = true
			}
		}
		if !hasDefault {
			what := "select"
			if len(s.Body.List) == 0 {
				what = "select {}"
			}
			w.addSite("H10", s.Select, what, c, notExit)
		}
		for _, cl := range s.Body.List {
			cl := cl.(*ast.CommClause)
			// The communication itself is the select's; walk only its operands.
			switch comm := cl.Comm.(type) {
			case *ast.SendStmt:
				w.exprNoRecv(comm.Chan, c)
				w.exprNoRecv(comm.Value, c)
			case *ast.ExprStmt:
				w.exprNoRecv(comm.X, c)
			case *ast.AssignStmt:
				for _, r := range comm.Rhs {
					w.exprNoRecv(r, c)
				}
			}
			before := w.snapshot()
			w.stmts(cl.Body, cc)
			w.env = copyEnv(before)
		}
		w.forget(s.Body)
	case *ast.SendStmt:
		if !c.inGo && !w.bufferedSend(s.Chan) {
			w.addSite("H10", s.Arrow, "channel send", c, notExit)
		}
		w.expr(s.Chan, c)
		w.expr(s.Value, c)
	case *ast.GoStmt:
		w.addSite("H5", s.Go, "go statement", c, notExit)
		w.expr(s.Call, c.goroutine())
	case *ast.DeferStmt:
		if lit, ok := ast.Unparen(s.Call.Fun).(*ast.FuncLit); ok {
			for _, arg := range s.Call.Args {
				w.expr(arg, c)
			}
			saved := w.failureOnly
			w.failureOnly = w.failureFlags(s)
			w.inlineLit(lit, c)
			w.failureOnly = saved
			break
		}
		w.expr(s.Call, c)
	case *ast.LabeledStmt:
		w.stmt(s.Stmt, c)
	case *ast.BranchStmt, *ast.EmptyStmt:
	}
}

// exprNoRecv walks an expression whose top-level receive belongs to a select clause.
func (w *walker) exprNoRecv(e ast.Expr, c walkCtx) {
	if u, ok := ast.Unparen(e).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
		w.expr(u.X, c)
		return
	}
	w.expr(e, c)
}

// assignTarget reports assignments to process-global variables (time.Local = ...).
func (w *walker) assignTarget(l ast.Expr, c walkCtx) {
	var id *ast.Ident
	switch x := ast.Unparen(l).(type) {
	case *ast.Ident:
		id = x
	case *ast.SelectorExpr:
		id = x.Sel
		if _, isSel := w.info.Selections[x]; isSel {
			w.expr(x.X, c)
			return
		}
	default:
		w.expr(l, c)
		return
	}
	if v, ok := w.info.Uses[id].(*types.Var); ok && isPkgLevel(v) && globalVarRules[varKey(v)] {
		w.addSite("H7", l.Pos(), "assignment to "+v.Pkg().Name()+"."+v.Name(), c, notExit)
	}
}

func (w *walker) expr(e ast.Expr, c walkCtx) {
	if e == nil {
		return
	}
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false // not called here; an immediate call is handled at the CallExpr
		case *ast.CallExpr:
			if argsLiteralTest(w.info, n) {
				return false // strings.HasPrefix(os.Args[0], "x"): pure, and no parsing
			}
			w.call(n, c)
			return false
		case *ast.UnaryExpr:
			if n.Op == token.AND && w.isOSArgs(ast.Unparen(n.X)) {
				// &os.Args refers to the variable and reads none of it: traefik/yaegi's
				// table of the standard library's symbols, `reflect.ValueOf(&os.Args).Elem()`.
				return false
			}
			if n.Op == token.ARROW && !c.inGo && !w.bufferedReceive(n.X) {
				w.addSite("H10", n.OpPos, "channel receive", c, notExit)
			}
		case *ast.BinaryExpr:
			// len(os.Args) > 0 (or != 0, >= 1, == 0, < 1) only asks whether os.Args[0], the
			// program name, is there: harmless (x/mod's `len(os.Args) > 0 &&
			// strings.HasSuffix(os.Args[0], ".test")`). Any other use of the count is not.
			if w.programNameGuard(n) || argsLiteralTest(w.info, n) {
				return false
			}
		case *ast.IndexExpr:
			// os.Args[0] is the program name: reading it is harmless.
			if w.isOSArgs(n.X) {
				if tv, ok := w.info.Types[n.Index]; ok && tv.Value != nil && constant.Compare(tv.Value, token.EQL, constant.MakeInt64(0)) {
					return false
				}
			}
		case *ast.SelectorExpr:
			if w.isOSArgs(n) {
				if !w.inArgsGate {
					w.addSite("H4", n.Pos(), "os.Args", c, notExit)
				}
				return false
			}
		case *ast.Ident:
			if w.isOSArgs(n) && !w.inArgsGate {
				w.addSite("H4", n.Pos(), "os.Args", c, notExit)
			}
		}
		return true
	})
}

// programNameGuard: a comparison of len(os.Args) with 0 or 1 that only says whether the
// program name is there (> 0, != 0, >= 1, == 0, < 1, either way round).
func (w *walker) programNameGuard(b *ast.BinaryExpr) bool {
	lenSide, constSide, op := b.X, b.Y, b.Op
	if !w.isLenOfOSArgs(lenSide) {
		lenSide, constSide = b.Y, b.X
		switch op { // the same comparison written the other way round
		case token.GTR:
			op = token.LSS
		case token.LSS:
			op = token.GTR
		case token.GEQ:
			op = token.LEQ
		case token.LEQ:
			op = token.GEQ
		}
	}
	if !w.isLenOfOSArgs(lenSide) {
		return false
	}
	tv, ok := w.info.Types[constSide]
	if !ok || tv.Value == nil {
		return false
	}
	zero := constant.Compare(tv.Value, token.EQL, constant.MakeInt64(0))
	one := constant.Compare(tv.Value, token.EQL, constant.MakeInt64(1))
	switch op {
	case token.GTR, token.NEQ, token.EQL:
		return zero
	case token.GEQ, token.LSS:
		return one
	}
	return false
}

func (w *walker) isLenOfOSArgs(e ast.Expr) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return false
	}
	b, ok := w.staticCallee(call).(*types.Builtin)
	return ok && b.Name() == "len" && w.isOSArgs(call.Args[0])
}

func (w *walker) isOSArgs(e ast.Expr) bool {
	var id *ast.Ident
	switch x := ast.Unparen(e).(type) {
	case *ast.Ident:
		id = x
	case *ast.SelectorExpr:
		id = x.Sel
	default:
		return false
	}
	v, ok := w.info.Uses[id].(*types.Var)
	return ok && isPkgLevel(v) && varKey(v) == "os.Args"
}

// staticCallee resolves what a call calls: *types.Func, *types.Builtin, *ast.FuncLit,
// *types.Var (a function-valued variable) or nil.
func (w *walker) staticCallee(call *ast.CallExpr) any {
	fun := ast.Unparen(call.Fun)
	switch x := fun.(type) {
	case *ast.IndexExpr:
		fun = x.X
	case *ast.IndexListExpr:
		fun = x.X
	}
	if tv, ok := w.info.Types[fun]; ok && tv.IsType() {
		return nil // conversion
	}
	switch x := fun.(type) {
	case *ast.FuncLit:
		return x
	case *ast.Ident:
		return w.info.Uses[x]
	case *ast.SelectorExpr:
		if sel, ok := w.info.Selections[x]; ok {
			return sel.Obj()
		}
		return w.info.Uses[x.Sel]
	}
	return nil
}

func (w *walker) call(call *ast.CallExpr, c walkCtx) {
	if inner, ok := ast.Unparen(call.Fun).(*ast.CallExpr); ok {
		if f := typedOnceWrapped(w.info, inner); f != ast.Expr(inner) {
			// sync.OnceValue(load)(): load runs now.
			w.call(&ast.CallExpr{Fun: f, Lparen: call.Lparen, Args: call.Args, Rparen: call.Rparen}, c)
			return
		}
	}
	callee := w.staticCallee(call)
	// Operands first: arguments are evaluated before the call.
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		w.expr(sel.X, c)
	}
	for _, arg := range call.Args {
		w.expr(arg, c)
	}
	switch fn := callee.(type) {
	case *ast.FuncLit:
		w.inlineLit(fn, c)
	case *types.Builtin:
		if fn.Name() == "panic" {
			w.addSite("H3", call.Pos(), "panic", c, panicExit)
		}
	case *types.Func:
		w.callFunc(w.concreteMethod(fn, call), call, c)
	case *types.Var:
		w.callThroughVar(fn, call, c, map[any]bool{})
	}
}

func (w *walker) inlineLit(lit *ast.FuncLit, c walkCtx) {
	if w.inlining[lit] {
		return
	}
	w.inlining[lit] = true
	scope, scopeType := w.scope, w.scopeType
	w.scope, w.scopeType = lit.Body, lit.Type
	w.stmtsCtx(lit.Body, c)
	w.scope, w.scopeType = scope, scopeType
	delete(w.inlining, lit)
}

func (w *walker) stmtsCtx(b *ast.BlockStmt, c walkCtx) {
	if b != nil {
		w.stmts(b.List, c)
	}
}

func (w *walker) callThroughVar(v *types.Var, call *ast.CallExpr, c walkCtx, seen map[any]bool) {
	id := varID(v)
	if seen[id] {
		return
	}
	seen[id] = true
	for _, fv := range w.a.funcValues[id] {
		info := fv.u.info
		switch x := fv.expr.(type) {
		case *ast.FuncLit:
			n := w.a.litNode(fv.u, x, v.Name())
			w.n.edges = append(w.n.edges, edge{callee: n, pos: call.Pos(), ctx: c})
		default:
			var obj types.Object
			switch y := x.(type) {
			case *ast.Ident:
				obj = info.Uses[y]
			case *ast.SelectorExpr:
				if sel, ok := info.Selections[y]; ok {
					obj = sel.Obj()
				} else {
					obj = info.Uses[y.Sel]
				}
			case *ast.IndexExpr:
				if id, ok := y.X.(*ast.Ident); ok {
					obj = info.Uses[id]
				}
			}
			switch o := obj.(type) {
			case *types.Func:
				w.callFunc(o, call, c)
			case *types.Var:
				w.callThroughVar(o, call, c, seen)
			}
		}
	}
}

// writeFlags: os.OpenFile is a write only when its flag argument asks for one.
const writeFlags = os.O_WRONLY | os.O_RDWR | os.O_CREATE | os.O_APPEND | os.O_TRUNC

func (w *walker) callFunc(fn *types.Func, call *ast.CallExpr, c walkCtx) {
	fn = fn.Origin()
	key := funcKey(fn)
	from := w.n.pkg.types
	if key == "testing.M.Run" {
		w.n.callsRun = append(w.n.callsRun, call.Pos())
		return
	}
	if key == "sync.Once.Do" && len(call.Args) == 1 {
		// once.Do(f) runs f now (the first time).
		switch arg := w.info.Uses[identOf(call.Args[0])].(type) {
		case *types.Func:
			w.callFunc(arg, call, c) // once.Do(setup)
		case *types.Var:
			w.callThroughVar(arg, call, c, map[any]bool{})
		}
		if lit, ok := ast.Unparen(call.Args[0]).(*ast.FuncLit); ok {
			w.inlineLit(lit, c)
		}
		return
	}
	if rule, display, ok := w.checkedCall(key, call); ok {
		w.addSite(rule, call.Pos(), display, c, notExit)
		return
	}
	if rule, ok := w.a.calls[key]; ok {
		if key == "runtime.GOMAXPROCS" && len(call.Args) == 1 && w.isConst(call.Args[0], 0) {
			return // GOMAXPROCS(0) only reads the setting
		}
		exit := notExit
		if rule == "H3" {
			switch {
			case strings.HasPrefix(fn.Name(), "Panic"):
				exit = panicExit
			case (key == "os.Exit" || key == "syscall.Exit") && len(call.Args) == 1 && w.isConst(call.Args[0], 0):
				exit = zeroExit
			default:
				exit = failExit
			}
		}
		display := funcDisplay(fn, from)
		if exit == zeroExit {
			display += "(0)" // the status says which kind of death it explains
		}
		w.addSite(rule, call.Pos(), display, c, exit)
		if (key == "os.Exit" || key == "syscall.Exit") && len(call.Args) == 1 {
			if tv, ok := w.info.Types[call.Args[0]]; ok && tv.Value != nil {
				if v, exact := constant.Int64Val(constant.ToInt(tv.Value)); exact {
					w.n.sites[len(w.n.sites)-1].exitCode = v
				}
			}
		}
		return
	}
	if key == "os.OpenFile" && len(call.Args) >= 2 {
		if tv, ok := w.info.Types[call.Args[1]]; ok && tv.Value != nil {
			if v, exact := constant.Int64Val(tv.Value); exact && v&int64(writeFlags) == 0 {
				return
			}
		}
		w.addSite("H6", call.Pos(), funcDisplay(fn, from), c, notExit)
		return
	}
	if n, ok := w.a.decls[key]; ok {
		n = w.a.variant(n, w.callFacts(call, fn), w.n)
		w.n.edges = append(w.n.edges, edge{callee: n, pos: call.Pos(), ctx: c})
	}
}

func (w *walker) isConst(e ast.Expr, want int64) bool {
	tv, ok := w.info.Types[e]
	if !ok || tv.Value == nil {
		return false
	}
	v, exact := constant.Int64Val(tv.Value)
	return exact && v == want
}

// waitsForSignal: s blocks on a channel that this function hands to signal.Notify (a
// receive, alone or assigned, or a range over it).
func (w *walker) waitsForSignal(s ast.Stmt) bool {
	var ch ast.Expr
	switch s := s.(type) {
	case *ast.ExprStmt:
		ch = received(s.X)
	case *ast.AssignStmt:
		if len(s.Rhs) == 1 {
			ch = received(s.Rhs[0])
		}
	case *ast.RangeStmt:
		ch = s.X
	}
	obj := objOf(w.info, ch)
	return obj != nil && w.signalChans()[obj]
}

// received: the channel of a receive expression (<-ch), nil for anything else.
func received(e ast.Expr) ast.Expr {
	if u, ok := ast.Unparen(e).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
		return u.X
	}
	return nil
}

// signalChans: the variables this function's body (function literals included) hands to
// signal.Notify as the channel, found once per walker.
func (w *walker) signalChans() map[types.Object]bool {
	if w.notified != nil {
		return w.notified
	}
	w.notified = map[types.Object]bool{}
	if w.n.body == nil {
		return w.notified
	}
	ast.Inspect(w.n.body, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok && len(c.Args) > 0 && calleeKey(w.info, c) == "os/signal.Notify" {
			if obj := objOf(w.info, c.Args[0]); obj != nil {
				w.notified[obj] = true
			}
		}
		return true
	})
	return w.notified
}

// checkedCall: the hazards that depend on a call's receiver or arguments, where the same
// method or function is harmless otherwise (a FlagSet of one's own, a Logger of one's own,
// an address that needs no name lookup). The rule and the call as the finding shows it.
func (w *walker) checkedCall(key string, call *ast.CallExpr) (rule, display string, ok bool) {
	switch key {
	case "flag.FlagSet.Parse", "github.com/spf13/pflag.FlagSet.Parse":
		// flag.CommandLine.Parse(args) marks the command line parsed: m.Run then never
		// parses the -test.* flags (no -run, no -v=test2json), whatever args were.
		if pkg, ok := w.receiverVar(call, "CommandLine"); ok && (pkg == "flag" || pkg == "github.com/spf13/pflag") {
			return "H4", pkgName(pkg) + ".CommandLine.Parse", true
		}
	case "log.Logger.SetFlags", "log.Logger.SetOutput", "log.Logger.SetPrefix":
		// log.Default() is the logger log.SetFlags & co. change.
		// Also through a local given it once (`lg := log.Default(); lg.SetFlags(0)`).
		if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
			if inner, ok := ast.Unparen(w.soleValue(sel.X)).(*ast.CallExpr); ok && calleeKey(w.info, inner) == "log.Default" {
				return "H7", "log.Default()." + sel.Sel.Name, true
			}
		}
	case "net.ResolveTCPAddr", "net.ResolveUDPAddr", "net.ResolveIPAddr":
		// A host name is looked up (DNS); an IP literal, an empty host or localhost is not.
		if len(call.Args) == 2 && w.namesRemoteHost(call.Args[1], key != "net.ResolveIPAddr") {
			return "H2", strings.TrimPrefix(key, "net."), true
		}
	}
	return "", "", false
}

// receiverVar: the import path of the package whose variable `name` the method call's
// receiver is (flag.CommandLine.Parse, or through a local given it once: `fs :=
// flag.CommandLine; fs.Parse(nil)`), false for any other receiver.
func (w *walker) receiverVar(call *ast.CallExpr, name string) (string, bool) {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return "", false
	}
	recv := identOf(w.soleValue(sel.X))
	if recv == nil || recv.Name != name {
		return "", false
	}
	v, ok := w.info.Uses[recv].(*types.Var)
	if !ok || !isPkgLevel(v) || v.Pkg() == nil {
		return "", false
	}
	return v.Pkg().Path(), true
}

func pkgName(path string) string {
	return path[strings.LastIndex(path, "/")+1:]
}

// namesRemoteHost: e is a constant address ("host:port" when withPort) whose host is a name
// to look up. Not constant: unknown, not reported.
func (w *walker) namesRemoteHost(e ast.Expr, withPort bool) bool {
	tv, ok := w.info.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return false
	}
	host := constant.StringVal(tv.Value)
	if withPort {
		// net.SplitHostPort's shapes ("[::1]:80", "host:80", ":80"), without importing net
		// (the analyzer's build stays small).
		i := strings.LastIndexByte(host, ':')
		if i < 0 {
			return false
		}
		host = strings.TrimSuffix(strings.TrimPrefix(host[:i], "["), "]")
	}
	if i := strings.IndexByte(host, '%'); i >= 0 {
		host = host[:i] // fe80::1%eth0
	}
	if _, err := netip.ParseAddr(host); err == nil {
		return false
	}
	return host != "" && !strings.EqualFold(host, "localhost")
}
