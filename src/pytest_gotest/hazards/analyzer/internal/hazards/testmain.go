package hazards

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"
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
	p, ok := sig.Params().At(0).Type().(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := p.Elem().(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "testing" && n.Obj().Name() == "M"
}

type tmCheck struct {
	a    *analyzer
	lp   *unit
	info *types.Info
	fd   *ast.FuncDecl
	sup  *suppressor
	out  []Finding
}

func (a *analyzer) checkTestMain(lp *unit, fd *ast.FuncDecl, sup *suppressor) []Finding {
	t := &tmCheck{a: a, lp: lp, info: lp.info, fd: fd, sup: sup}
	// First top-level statement from which m.Run is reached (directly or via local calls).
	runIdx := -1
	for i, s := range fd.Body.List {
		if t.reachesRun(s) {
			runIdx = i
			break
		}
	}
	if runIdx < 0 {
		t.report("T1", fd.Pos(), "TestMain")
		return t.out
	}
	// T2: a return or os.Exit(0) on a path before m.Run.
	for _, s := range fd.Body.List[:runIdx] {
		inspectLive(lp.info, s, func(n ast.Node) {
			switch n := n.(type) {
			case *ast.ReturnStmt:
				t.report("T2", n.Pos(), "return")
			case *ast.CallExpr:
				if key, fn := t.exitCall(n); fn != nil && (key == "os.Exit" || key == "syscall.Exit") && t.constInt(n.Args[0], 0) {
					t.report("T2", n.Pos(), funcDisplay(fn, lp.types)+"(0)")
				}
			}
		})
	}
	// T3: os.Exit/log.Fatal after a defer in TestMain's own body.
	firstDefer := token.NoPos
	inspectNoLits(fd.Body, func(n ast.Node) {
		if d, ok := n.(*ast.DeferStmt); ok && (firstDefer == token.NoPos || d.Pos() < firstDefer) {
			firstDefer = d.Pos()
		}
	})
	if firstDefer != token.NoPos {
		inspectNoLits(fd.Body, func(n ast.Node) {
			if c, ok := n.(*ast.CallExpr); ok && c.Pos() > firstDefer {
				if key, fn := t.exitCall(c); fn != nil && key != "" {
					t.report("T3", c.Pos(), funcDisplay(fn, lp.types))
				}
			}
		})
	}
	// T4: os.Exit after m.Run with a code not derived from its result.
	derived := t.derivedVars()
	runStart := fd.Body.List[runIdx].Pos()
	inspectNoLits(fd.Body, func(n ast.Node) {
		c, ok := n.(*ast.CallExpr)
		if !ok || c.Pos() < runStart {
			return
		}
		if key, fn := t.exitCall(c); fn != nil && (key == "os.Exit" || key == "syscall.Exit") && len(c.Args) == 1 {
			if !t.derivedExpr(c.Args[0], derived) {
				t.report("T4", c.Pos(), funcDisplay(fn, lp.types))
			}
		}
	})
	return t.out
}

// exitCall: the call is os.Exit, syscall.Exit or log.Fatal* (key returned), else fn nil.
func (t *tmCheck) exitCall(c *ast.CallExpr) (string, *types.Func) {
	w := &walker{info: t.info}
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

func (t *tmCheck) constInt(e ast.Expr, want int64) bool {
	return (&walker{info: t.info}).isConst(e, want)
}

// reachesRun: the node calls (*testing.M).Run directly, through an immediately called
// function literal, or through module-local functions.
func (t *tmCheck) reachesRun(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(x ast.Node) bool {
		if found {
			return false
		}
		c, ok := x.(*ast.CallExpr)
		if !ok {
			return true
		}
		w := &walker{info: t.info}
		switch fn := w.staticCallee(c).(type) {
		case *types.Func:
			if funcKey(fn) == "testing.M.Run" {
				found = true
			} else if t.a.decls[funcKey(fn)] == nil && t.passesM(c) {
				// m handed to code outside the module (goleak.VerifyTestMain(m), ...):
				// assume it runs the tests.
				found = true
			} else if node := t.a.decls[funcKey(fn)]; node != nil && t.a.nodeReachesRun(node, map[*funcNode]bool{}) {
				found = true
			}
		case *types.Var:
			for _, val := range t.a.funcValues[varID(fn)] {
				if lit, ok := val.expr.(*ast.FuncLit); ok && t.reachesRun(lit.Body) {
					found = true
				}
			}
		}
		return true
	})
	return found
}

func (t *tmCheck) passesM(c *ast.CallExpr) bool {
	for _, arg := range c.Args {
		if isTestingM(t.info.TypeOf(arg)) {
			return true
		}
		if sel, ok := ast.Unparen(arg).(*ast.SelectorExpr); ok {
			if s, ok := t.info.Selections[sel]; ok && funcKey(s.Obj().(*types.Func)) == "testing.M.Run" {
				return true // the method value m.Run
			}
		}
	}
	return false
}

func isTestingM(t types.Type) bool {
	p, ok := t.(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := p.Elem().(*types.Named)
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
func (t *tmCheck) derivedVars() map[types.Object]bool {
	derived := map[types.Object]bool{}
	for changed := true; changed; {
		changed = false
		ast.Inspect(t.fd.Body, func(n ast.Node) bool {
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
				obj := t.info.Defs[id]
				if obj == nil {
					obj = t.info.Uses[id]
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
				if r != nil && t.derivedExpr(r, derived) {
					derived[obj] = true
					changed = true
				}
			}
			return true
		})
	}
	return derived
}

func (t *tmCheck) derivedExpr(e ast.Expr, derived map[types.Object]bool) bool {
	if t.reachesRun(e) {
		return true
	}
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && derived[t.info.Uses[id]] {
			found = true
		}
		return !found
	})
	return found
}

func (t *tmCheck) report(rule string, pos token.Pos, call string) {
	if t.sup.allowed(rule, []token.Pos{t.fd.Pos(), pos}) {
		return
	}
	p := t.a.prog.fset.Position(pos)
	r := t.a.prog.fset.Position(t.fd.Pos())
	affects := []string{t.lp.forTest}
	t.out = append(t.out, Finding{
		Rule: rule, File: p.Filename, Line: p.Line, Col: p.Column,
		RootFile: r.Filename, RootLine: r.Line, Package: t.lp.path, Call: call,
		Chain: []string{"TestMain", call}, Message: "TestMain " + ruleByID(rule).verb + ": " + call,
		Affects: affects,
	})
}

// inspectLive is inspectNoLits that also skips the bodies of environment-gated ifs (the
// re-exec child pattern: they never run in the ordinary test binary).
func inspectLive(info *types.Info, n ast.Node, f func(ast.Node)) {
	ast.Inspect(n, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.FuncLit:
			return false
		case *ast.IfStmt:
			if envGated(info, x) {
				if x.Else != nil {
					inspectLive(info, x.Else, f)
				}
				return false
			}
		}
		if x != nil {
			f(x)
		}
		return true
	})
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
