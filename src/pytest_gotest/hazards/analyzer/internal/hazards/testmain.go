package hazards

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"sort"
	"strings"
	"unicode"
)

// testMainFindings applies T1-T4 to the TestMain of a test unit.
func (a *analyzer) testMainFindings(u *unit, sup *suppressor) []Finding {
	var out []Finding
	if u.info == nil {
		return nil
	}
	for _, f := range u.files {
		if !u.testFile[f] {
			continue
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv != nil || fd.Name.Name != "TestMain" || fd.Body == nil || !isTestMainSig(u.info, fd) {
				continue
			}
			out = append(out, a.checkTestMain(u, fd, sup)...)
		}
	}
	return out
}

func isTestMainSig(info *types.Info, fd *ast.FuncDecl) bool {
	fn, ok := info.Defs[fd.Name].(*types.Func)
	if !ok {
		return false
	}
	sig := fn.Type().(*types.Signature)
	if sig.Params().Len() != 1 || sig.Results().Len() != 0 {
		return false
	}
	return isTestingM(sig.Params().At(0).Type())
}

type tmCheck struct {
	a    *analyzer
	lp   *unit // the test unit holding TestMain
	info *types.Info
	fd   *ast.FuncDecl
	sup  *suppressor
	out  []Finding
	// The test binary has a test, example or fuzz target (hasRunnable).
	runnable bool
}

// hasRunnable: the test binary of TestMain's package has a test, example or fuzz target (in
// its internal or external test files). Without one, a return before m.Run skips nothing:
// google.golang.org/protobuf's benchmarks-only package returns unless -test.bench is set.
func (a *analyzer) hasRunnable(lp *unit) bool {
	units := a.prog.tests[lp.forTest]
	if len(units) == 0 {
		units = []*unit{lp}
	}
	for _, u := range units {
		for _, f := range u.files {
			if u.testFile[f] && declaresRunnable(f) {
				return true
			}
		}
	}
	return false
}

// declaresRunnable: the file declares a function go test runs by its name (TestXxx,
// ExampleXxx, FuzzXxx; TestMain is not one).
func declaresRunnable(f *ast.File) bool {
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv != nil {
			continue
		}
		name := fd.Name.Name
		for _, prefix := range []string{"Test", "Example", "Fuzz"} {
			if name != "TestMain" && strings.HasPrefix(name, prefix) && (len(name) == len(prefix) || !unicode.IsLower(rune(name[len(prefix)]))) {
				return true
			}
		}
	}
	return false
}

// tmFrame is TestMain itself or a function on its way to m.Run (`os.Exit(run(m))`): the
// rules apply to each in turn, with the calls that led there.
type tmFrame struct {
	body      *ast.BlockStmt
	info      *types.Info
	from      *types.Package
	testMain  bool
	chain     []string    // "TestMain", then each helper's name
	path      []token.Pos // TestMain, then each call on the way (for //gotest:allow)
	intResult bool        // a helper returning an int (its status for os.Exit)
	// errKept: the caller keeps the helper's last result, an error, in a named variable
	// (`code, err := run(m)`): a return with a non-nil error there reports the failure.
	errKept bool
}

func (a *analyzer) checkTestMain(lp *unit, fd *ast.FuncDecl, sup *suppressor) []Finding {
	t := &tmCheck{a: a, lp: lp, info: lp.info, fd: fd, sup: sup, runnable: a.hasRunnable(lp)}
	t.checkFrame(tmFrame{
		body: fd.Body, info: lp.info, from: lp.types, testMain: true,
		chain: []string{"TestMain"}, path: []token.Pos{fd.Pos()},
	}, map[*funcNode]bool{})
	return t.out
}

func (t *tmCheck) checkFrame(fr tmFrame, onPath map[*funcNode]bool) {
	body := fr.body
	// First top-level statement from which m.Run is reached (directly or via local calls).
	runIdx := -1
	for i, s := range body.List {
		if t.reachesRun(fr.info, s) {
			runIdx = i
			break
		}
	}
	if runIdx < 0 {
		if fr.testMain {
			t.report("T1", t.fd.Pos(), "TestMain", fr.chain, fr.path)
		}
		return
	}
	// T2: a return or os.Exit(0) on a path before m.Run, also in the functions called there
	// (to any depth: `if !*enabled { os.Exit(0) }` in a setup helper).
	beforeRun := body.List[:runIdx]
	if !t.runnable {
		beforeRun = nil // a binary with nothing but benchmarks: a return skips no test
	}
	for _, s := range beforeRun {
		inspectReachable(fr.info, s, true, func(n ast.Node) {
			switch n := n.(type) {
			case *ast.ReturnStmt:
				if fr.testMain || silentReturn(fr.info, n, fr.intResult, fr.errKept) {
					t.report("T2", n.Pos(), "return", fr.chain, fr.path)
				}
			case *ast.CallExpr:
				if key, fn := t.exitCall(fr.info, n); fn != nil && (key == "os.Exit" || key == "syscall.Exit") && constIntIn(fr.info, n.Args[0], 0) {
					t.report("T2", n.Pos(), funcDisplay(fn, fr.from)+"(0)", fr.chain, fr.path)
				}
				for _, callee := range t.localCallees(fr.info, n) {
					t.exitsVia(callee, fr, n.Pos(), func(s site, chain []string, path []token.Pos) {
						if s.exitCode == 0 {
							t.report("T2", s.pos, s.call, chain, path)
						}
					})
				}
			}
		})
	}
	// The statement reaching m.Run through a helper (`os.Exit(run(m))`): the helper is
	// checked as a frame of its own, and is not followed below.
	viaHelper := map[*ast.CallExpr]bool{}
	errKeptBy := keptErrorCalls(body.List[runIdx])
	inspectNoLits(body.List[runIdx], func(n ast.Node) {
		c, ok := n.(*ast.CallExpr)
		if !ok {
			return
		}
		for _, callee := range t.localCallees(fr.info, c) {
			if callee.body == nil || onPath[callee] || !t.a.nodeReachesRun(callee, map[*funcNode]bool{}) {
				continue
			}
			viaHelper[c] = true
			onPath[callee] = true
			t.checkFrame(tmFrame{
				body: callee.body, info: callee.pkg.info, from: callee.pkg.types,
				chain:     append(append([]string{}, fr.chain...), t.nodeName(callee)),
				path:      append(append([]token.Pos{}, fr.path...), c.Pos()),
				intResult: returnsInt(callee),
				errKept:   errKeptBy[c] && returnsError(callee),
			}, onPath)
		}
	})
	// T3: os.Exit/log.Fatal after a defer in this body, directly or in a function called
	// after it (deferred calls of this frame do not run either way).
	firstDefer := token.NoPos
	var lastToRun *ast.CallExpr // the first defer's call: it runs after every other one
	inspectReachable(fr.info, body, false, func(n ast.Node) {
		if d, ok := n.(*ast.DeferStmt); ok && (firstDefer == token.NoPos || d.Pos() < firstDefer) {
			firstDefer, lastToRun = d.Pos(), d.Call
		}
	})
	if firstDefer != token.NoPos {
		inspectReachable(fr.info, body, false, func(n ast.Node) {
			c, ok := n.(*ast.CallExpr)
			// `defer os.Exit(m.Run())` as the first defer (golang.org/x/net/quic): the exit
			// runs last, with no deferred call left pending.
			if !ok || c.Pos() <= firstDefer || c == lastToRun {
				return
			}
			if key, fn := t.exitCall(fr.info, c); fn != nil && key != "" {
				t.report("T3", c.Pos(), funcDisplay(fn, fr.from), fr.chain, fr.path)
			}
			if viaHelper[c] {
				return
			}
			for _, callee := range t.localCallees(fr.info, c) {
				t.exitsVia(callee, fr, c.Pos(), func(s site, chain []string, path []token.Pos) {
					if s.exit == failExit || s.exit == zeroExit {
						t.report("T3", s.pos, s.call, chain, path)
					}
				})
			}
		})
	}
	// T4: os.Exit after m.Run with a code not derived from its result; in a function called
	// after m.Run, an os.Exit with a constant status (not on an error path).
	derived := t.derivedVars(fr.info, body)
	conditional := conditionalCalls(body)
	guarded := t.resultGuardedCalls(fr.info, body, derived)
	runStart := body.List[runIdx].Pos()
	inspectReachable(fr.info, body, false, func(n ast.Node) {
		c, ok := n.(*ast.CallExpr)
		if !ok || c.Pos() < runStart {
			return
		}
		if key, fn := t.exitCall(fr.info, c); fn != nil && (key == "os.Exit" || key == "syscall.Exit") && len(c.Args) == 1 {
			// Not from m.Run, unless the exit itself depends on its result or reports a
			// check: `if code == 0 && leaked() { os.Exit(1) }` (klauspost/compress's
			// goroutine-leak check), or a failing check's `if err != nil { os.Exit(1) }`,
			// as for exits in helpers below. A conditional os.Exit(0) that ignores the
			// result still hides failures.
			fromCheck := conditional[c] && constNonZero(fr.info, c.Args[0])
			if !t.derivedExpr(fr.info, c.Args[0], derived) && !guarded[c] && !fromCheck {
				t.report("T4", c.Pos(), funcDisplay(fn, fr.from), fr.chain, fr.path)
			}
		}
		if viaHelper[c] || t.reachesRun(fr.info, c) || conditional[c] {
			return
		}
		for _, callee := range t.localCallees(fr.info, c) {
			t.exitsVia(callee, fr, c.Pos(), func(s site, chain []string, path []token.Pos) {
				// Only an exit that always happens: a conditional one (a leak check that
				// fails the package, `if err != nil { os.Exit(1) }`) derives from a check.
				if s.exitCode >= 0 && !s.ctx.cond && !s.ctx.errPath {
					t.report("T4", s.pos, s.call, chain, path)
				}
			})
		}
	})
}

// silentReturn: a return from a helper on the way to m.Run that makes TestMain go on as if
// the tests had passed: no results, or a constant 0 status, unless it also returns an
// error the caller keeps (`return 0, err` to `code, err := run(m); if err != nil {
// log.Fatal(err) }`: github.com/SAP/go-hdb's driver tests).
func silentReturn(info *types.Info, r *ast.ReturnStmt, intResult, errKept bool) bool {
	if len(r.Results) == 0 {
		return true
	}
	if !intResult {
		return false
	}
	if errKept && len(r.Results) > 1 {
		last := r.Results[len(r.Results)-1]
		if tv, ok := info.Types[last]; ok && !tv.IsNil() {
			return false
		}
	}
	return constIntIn(info, r.Results[0], 0)
}

// keptErrorCalls: the calls in s whose results are assigned with the last one to a named
// variable (`code, err := run(m)`, not `code, _ := run(m)`).
func keptErrorCalls(s ast.Stmt) map[*ast.CallExpr]bool {
	out := map[*ast.CallExpr]bool{}
	inspectNoLits(s, func(n ast.Node) {
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Rhs) != 1 || len(as.Lhs) < 2 {
			return
		}
		c, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr)
		if !ok {
			return
		}
		if id, ok := as.Lhs[len(as.Lhs)-1].(*ast.Ident); ok && id.Name != "_" {
			out[c] = true
		}
	})
	return out
}

// returnsError: the function's last result is an error.
func returnsError(n *funcNode) bool {
	t := resultType(n, true)
	return t != nil && types.Identical(t, errorNamed)
}

// returnsInt: the function's first result is an integer.
func returnsInt(n *funcNode) bool {
	t := resultType(n, false)
	if t == nil {
		return false
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsInteger != 0
}

// resultType: the type of a function's first (or last) result field; nil without results.
func resultType(n *funcNode, last bool) types.Type {
	if n.ftype == nil || n.ftype.Results == nil || len(n.ftype.Results.List) == 0 {
		return nil
	}
	list := n.ftype.Results.List
	field := list[0]
	if last {
		field = list[len(list)-1]
	}
	return n.pkg.info.TypeOf(field.Type)
}

// nodeName: a helper's name in a chain, qualified when it is in another package.
func (t *tmCheck) nodeName(n *funcNode) string {
	if n.pkg.path != t.lp.path && n.pkg.types != nil {
		return n.pkg.types.Name() + "." + n.name
	}
	return n.name
}

// localCallees: the module-local functions a call calls (declared functions and methods,
// function values assigned to a variable).
func (t *tmCheck) localCallees(info *types.Info, c *ast.CallExpr) []*funcNode {
	w := &walker{info: info}
	switch fn := w.staticCallee(c).(type) {
	case *types.Func:
		if n := t.a.decls[funcKey(fn)]; n != nil {
			return []*funcNode{n}
		}
	case *types.Var:
		var out []*funcNode
		for _, val := range t.a.funcValues[varID(fn)] {
			if lit, ok := val.expr.(*ast.FuncLit); ok {
				out = append(out, t.a.litNode(val.u, lit, fn.Name()))
			}
		}
		return out
	}
	return nil
}

// exitsVia visits every process exit (H3 sites other than panics) reached from a call of n,
// to any depth, with the chain and positions leading there.
func (t *tmCheck) exitsVia(n *funcNode, fr tmFrame, callPos token.Pos, f func(s site, chain []string, path []token.Pos)) {
	seen := map[*funcNode]bool{}
	var visit func(n *funcNode, ctx walkCtx, chain []string, path []token.Pos)
	visit = func(n *funcNode, ctx walkCtx, chain []string, path []token.Pos) {
		if seen[n] {
			return
		}
		seen[n] = true
		t.a.analyse(n)
		for _, s := range n.sites {
			if s.rule != "H3" || s.exit == panicExit || s.exit == notExit {
				continue
			}
			s.ctx = ctx.or(s.ctx)
			f(s, chain, append(append([]token.Pos{}, path...), s.pos))
		}
		for _, e := range n.edges {
			visit(e.callee, ctx.or(e.ctx), append(append([]string{}, chain...), t.nodeName(e.callee)), append(append([]token.Pos{}, path...), e.pos))
		}
	}
	visit(n, walkCtx{}, append(append([]string{}, fr.chain...), t.nodeName(n)), append(append([]token.Pos{}, fr.path...), callPos))
}

// exitCall: the call is os.Exit, syscall.Exit or log.Fatal* (key returned), else fn nil.
func (t *tmCheck) exitCall(info *types.Info, c *ast.CallExpr) (string, *types.Func) {
	w := &walker{info: info}
	fn, ok := w.staticCallee(c).(*types.Func)
	if !ok {
		return "", nil
	}
	switch key := funcKey(fn); key {
	case "os.Exit", "syscall.Exit":
		if len(c.Args) != 1 {
			return "", nil
		}
		return key, fn
	case "log.Fatal", "log.Fatalf", "log.Fatalln", "log.Logger.Fatal", "log.Logger.Fatalf", "log.Logger.Fatalln":
		return key, fn
	}
	return "", nil
}

func constIntIn(info *types.Info, e ast.Expr, want int64) bool {
	return (&walker{info: info}).isConst(e, want)
}

// reachesRun: the node calls (*testing.M).Run directly, through an immediately called
// function literal, or through module-local functions.
func (t *tmCheck) reachesRun(info *types.Info, n ast.Node) bool {
	found := false
	ast.Inspect(n, func(x ast.Node) bool {
		if found {
			return false
		}
		c, ok := x.(*ast.CallExpr)
		if !ok {
			return true
		}
		w := &walker{info: info}
		switch fn := w.staticCallee(c).(type) {
		case *types.Func:
			if funcKey(fn) == "testing.M.Run" {
				found = true
			} else if t.a.decls[funcKey(fn)] == nil && passesM(info, c) {
				// m handed to code outside the module (goleak.VerifyTestMain(m), ...):
				// assume it runs the tests.
				found = true
			} else if node := t.a.decls[funcKey(fn)]; node != nil && t.a.nodeReachesRun(node, map[*funcNode]bool{}) {
				found = true
			} else if node != nil && handsMOpaquely(info, c, fn) {
				found = true
			}
		case *types.Var:
			for _, val := range t.a.funcValues[varID(fn)] {
				if lit, ok := val.expr.(*ast.FuncLit); ok && t.reachesRun(val.u.info, lit.Body) {
					found = true
				}
			}
		}
		return true
	})
	return found
}

func passesM(info *types.Info, c *ast.CallExpr) bool {
	for _, arg := range c.Args {
		if isMArg(info, arg) {
			return true
		}
	}
	return false
}

// isMArg: the argument carries a *testing.M or the method value m.Run: m itself, or m inside
// a value built there (`wrapper{m}`, `&wrapper{m: m}`, as go-internal's txtar-addmod hands
// testscript.Main a type whose Run method calls m.Run).
func isMArg(info *types.Info, arg ast.Expr) bool {
	found := false
	ast.Inspect(arg, func(n ast.Node) bool {
		e, ok := n.(ast.Expr)
		if !ok {
			return true
		}
		if _, lit := e.(*ast.FuncLit); lit {
			return false // a function literal's own use of m is its own call
		}
		if isTestingM(info.TypeOf(e)) {
			found = true
		} else if sel, ok := e.(*ast.SelectorExpr); ok {
			if s, ok := info.Selections[sel]; ok && s.Kind() == types.MethodVal {
				if fn, ok := s.Obj().(*types.Func); ok && funcKey(fn) == "testing.M.Run" {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// handsMOpaquely: m (or m.Run) passed to a module-local function at a parameter that is not
// a *testing.M: an interface with a Run() int method (go-internal's testscript.Main(m, ...))
// or a func() int. The callee's m.Run() is then an interface or function-value call, which
// the call graph does not resolve; as for m handed to code outside the module, assume it
// runs the tests rather than report a TestMain that does run them as T1.
func handsMOpaquely(info *types.Info, c *ast.CallExpr, fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok {
		return false
	}
	params := sig.Params()
	for i, arg := range c.Args {
		if !isMArg(info, arg) || params.Len() == 0 {
			continue
		}
		var param types.Type
		if last := params.Len() - 1; i >= last && sig.Variadic() {
			if slice, ok := types.Unalias(params.At(last).Type()).(*types.Slice); ok && !c.Ellipsis.IsValid() {
				param = slice.Elem()
			} else {
				param = params.At(last).Type()
			}
		} else if i < params.Len() {
			param = params.At(i).Type()
		} else {
			continue
		}
		if !isTestingM(param) {
			return true
		}
	}
	return false
}

func isTestingM(t types.Type) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := types.Unalias(p.Elem()).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "testing" && n.Obj().Name() == "M"
}

func (a *analyzer) nodeReachesRun(n *funcNode, seen map[*funcNode]bool) bool {
	if seen[n] {
		return false
	}
	seen[n] = true
	a.analyse(n)
	if len(n.callsRun) > 0 {
		return true
	}
	for _, e := range n.edges {
		if a.nodeReachesRun(e.callee, seen) {
			return true
		}
	}
	return false
}

// derivedVars: variables assigned (anywhere in TestMain) from m.Run's result or from
// another derived variable - a fixed point over the assignments.
func (t *tmCheck) derivedVars(info *types.Info, body *ast.BlockStmt) map[types.Object]bool {
	derived := map[types.Object]bool{}
	for changed := true; changed; {
		changed = false
		ast.Inspect(body, func(n ast.Node) bool {
			var lhs []ast.Expr
			var rhs []ast.Expr
			switch n := n.(type) {
			case *ast.AssignStmt:
				lhs, rhs = n.Lhs, n.Rhs
			case *ast.ValueSpec:
				for _, id := range n.Names {
					lhs = append(lhs, id)
				}
				rhs = n.Values
			default:
				return true
			}
			for i, l := range lhs {
				id, ok := l.(*ast.Ident)
				if !ok {
					continue
				}
				obj := info.Defs[id]
				if obj == nil {
					obj = info.Uses[id]
				}
				if obj == nil || derived[obj] {
					continue
				}
				var r ast.Expr
				if len(rhs) == len(lhs) {
					r = rhs[i]
				} else if len(rhs) == 1 {
					r = rhs[0]
				}
				if r != nil && t.derivedExpr(info, r, derived) {
					derived[obj] = true
					changed = true
				}
			}
			return true
		})
	}
	return derived
}

func (t *tmCheck) derivedExpr(info *types.Info, e ast.Expr, derived map[types.Object]bool) bool {
	if t.reachesRun(info, e) {
		return true
	}
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && derived[info.Uses[id]] {
			found = true
		}
		return !found
	})
	return found
}

func (t *tmCheck) report(rule string, pos token.Pos, call string, chain []string, path []token.Pos) {
	if t.sup.allowed(rule, append(append([]token.Pos{}, path...), pos)) {
		return
	}
	for _, f := range t.out {
		if f.Rule == rule && t.a.prog.fset.Position(pos).Filename == f.File && t.a.prog.fset.Position(pos).Line == f.Line && t.a.prog.fset.Position(pos).Column == f.Col {
			return // reached twice (two calls of the same helper)
		}
	}
	chain = append(append([]string{}, chain...), call)
	p := t.a.prog.fset.Position(pos)
	r := t.a.prog.fset.Position(t.fd.Pos())
	affects := []string{t.lp.forTest}
	t.out = append(t.out, Finding{
		Rule: rule, File: p.Filename, Line: p.Line, Col: p.Column,
		RootFile: r.Filename, RootLine: r.Line, Package: t.lp.path, Call: call,
		Chain: chain, Message: "TestMain " + ruleByID(rule).verb + ": " + call,
		Affects: affects,
	})
}

// inspectReachable is inspectNoLits without code that does not run in an ordinary test
// binary: the branch of an if that a constant condition rules out for this build
// (`if runtime.GOOS == "js" { return }` in mvdan.cc/sh is no return before m.Run on the
// platforms the tests run on: go/types folds runtime.GOOS, a constant of the build's
// target), and with reexec the bodies of environment-gated ifs and switch cases (the
// re-exec child pattern: they run only in a child started with the variable set). Ifs and
// cases keyed on a command line that a test binary's never matches (argsgate.go) are left
// out either way: like a constant condition, they are false wherever a test binary runs.
func inspectReachable(info *types.Info, n ast.Node, reexec bool, f func(ast.Node)) {
	visit := func(x ast.Node) { // nil for a missing else, init or tag
		if x != nil {
			inspectReachable(info, x, reexec, f)
		}
	}
	ast.Inspect(n, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.FuncLit:
			return false
		case *ast.IfStmt:
			if (reexec && envGated(info, x)) || argsGated(info, x.Cond) {
				visit(x.Else)
				return false
			}
			if live, decided := constBranch(info, x); decided {
				f(x)
				visit(x.Init)
				visit(live)
				return false
			}
		case *ast.SwitchStmt:
			f(x)
			visit(x.Init)
			visit(x.Tag)
			for _, cl := range x.Body.List {
				cl := cl.(*ast.CaseClause)
				if !(reexec && envCase(info, x, cl)) && !argsCase(info, x, cl) {
					visit(cl)
				}
			}
			return false
		}
		if x != nil {
			f(x)
		}
		return true
	})
}

// constBranch: for an if whose condition is a boolean constant, the branch that runs (nil
// when the condition is false and there is no else) and true; else nil and false.
func constBranch(info *types.Info, is *ast.IfStmt) (ast.Stmt, bool) {
	tv, ok := info.Types[is.Cond]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.Bool {
		return nil, false
	}
	if constant.BoolVal(tv.Value) {
		return is.Body, true
	}
	return is.Else, true
}

// inspectNoLits visits n without descending into function literals (their code runs
// only if called, which TestMain's own control flow does not show).
func inspectNoLits(n ast.Node, f func(ast.Node)) {
	ast.Inspect(n, func(x ast.Node) bool {
		if _, ok := x.(*ast.FuncLit); ok {
			return false
		}
		if x != nil {
			f(x)
		}
		return true
	})
}

func sortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		if a.RootFile != b.RootFile {
			return a.RootFile < b.RootFile
		}
		return a.RootLine < b.RootLine
	})
}

// conditionalCalls: the calls of a body that sit under an if, switch, select or loop.
// resultGuardedCalls: the calls in the branches of an if whose condition reads m.Run's
// result (directly or through a derived variable), at any depth of TestMain's body.
func (t *tmCheck) resultGuardedCalls(info *types.Info, body *ast.BlockStmt, derived map[types.Object]bool) map[*ast.CallExpr]bool {
	out := map[*ast.CallExpr]bool{}
	inspectNoLits(body, func(n ast.Node) {
		is, ok := n.(*ast.IfStmt)
		if !ok || !t.derivedExpr(info, is.Cond, derived) {
			return
		}
		mark := func(branch ast.Node) {
			inspectNoLits(branch, func(x ast.Node) {
				if c, ok := x.(*ast.CallExpr); ok {
					out[c] = true
				}
			})
		}
		mark(is.Body)
		if is.Else != nil {
			mark(is.Else)
		}
	})
	// The early-exit style: after `if <the result says failure> { ...; os.Exit(<the
	// result, or a failure status>) }`, the statements that follow run only when the tests
	// passed, as an else branch would (`if err := run(m); err != nil { os.Exit(1) };
	// os.Exit(0)`: github.com/johannesboyne/gofakes3). Only a plain failure test opens such
	// a branch (`err != nil`, `code != 0`, `code > 0`): after `if code == 0 && leaked() {
	// os.Exit(1) }` a failure still goes on.
	inspectNoLits(body, func(n ast.Node) {
		list := stmtList(n)
		for i, st := range list {
			is, ok := st.(*ast.IfStmt)
			if !ok || is.Else != nil || !t.failureTest(info, is.Cond, derived) || !t.exitsFailing(info, is.Body, derived) {
				continue
			}
			for _, rest := range list[i+1:] {
				inspectNoLits(rest, func(x ast.Node) {
					if c, ok := x.(*ast.CallExpr); ok {
						out[c] = true
					}
				})
			}
			break
		}
	})
	return out
}

// failureTest: cond is `x != nil`, `x != 0` or `x > 0` with x derived from m.Run's result
// (its status, or an error a helper made of it).
func (t *tmCheck) failureTest(info *types.Info, cond ast.Expr, derived map[types.Object]bool) bool {
	b, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok || (b.Op != token.NEQ && b.Op != token.GTR) {
		return false
	}
	zero := func(e ast.Expr) bool {
		tv, ok := info.Types[e]
		return ok && (tv.IsNil() || constIntIn(info, e, 0))
	}
	if t.derivedExpr(info, b.X, derived) && zero(b.Y) {
		return true
	}
	return b.Op == token.NEQ && t.derivedExpr(info, b.Y, derived) && zero(b.X)
}

// exitsFailing: the block ends in a process exit whose status is the result's (derived) or
// a failure (a non-zero constant, log.Fatal's 1).
func (t *tmCheck) exitsFailing(info *types.Info, b *ast.BlockStmt, derived map[types.Object]bool) bool {
	if len(b.List) == 0 {
		return false
	}
	es, ok := b.List[len(b.List)-1].(*ast.ExprStmt)
	if !ok {
		return false
	}
	c, ok := ast.Unparen(es.X).(*ast.CallExpr)
	if !ok {
		return false
	}
	key, fn := t.exitCall(info, c)
	if fn == nil || key == "" {
		return false
	}
	if key != "os.Exit" && key != "syscall.Exit" {
		return true // log.Fatal*: status 1
	}
	return len(c.Args) == 1 && (constNonZero(info, c.Args[0]) || t.derivedExpr(info, c.Args[0], derived))
}

// constNonZero: e is an integer constant other than 0 (a failure status).
func constNonZero(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[e]
	return ok && tv.Value != nil && tv.Value.Kind() == constant.Int && constant.Sign(tv.Value) != 0
}

func conditionalCalls(body *ast.BlockStmt) map[*ast.CallExpr]bool {
	out := map[*ast.CallExpr]bool{}
	mark := func(n ast.Node) {
		inspectNoLits(n, func(x ast.Node) {
			if c, ok := x.(*ast.CallExpr); ok {
				out[c] = true
			}
		})
	}
	for _, s := range body.List {
		switch s := s.(type) {
		case *ast.IfStmt:
			mark(s.Body)
			if s.Else != nil {
				mark(s.Else)
			}
		case *ast.ForStmt:
			mark(s.Body)
		case *ast.RangeStmt:
			mark(s.Body)
		case *ast.SwitchStmt:
			mark(s.Body)
		case *ast.TypeSwitchStmt:
			mark(s.Body)
		case *ast.SelectStmt:
			mark(s.Body)
		}
	}
	return out
}
