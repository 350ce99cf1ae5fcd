package hazards

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
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

// funcNode is a module-local function, method or function literal with the hazards and
// local calls found directly in its body (computed once, on first use).
type funcNode struct {
	name     string
	pkg      *unit
	body     *ast.BlockStmt // nil for a root made of expressions (var initialiser)
	exprs    []ast.Expr
	analysed bool
	sites    []site
	edges    []edge
	callsRun []token.Pos // calls of (*testing.M).Run
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
}

func newAnalyzer(prog *program, reportAllExits bool) *analyzer {
	return &analyzer{
		prog:           prog,
		decls:          map[string]*funcNode{},
		lits:           map[litKey]*funcNode{},
		funcValues:     map[any][]funcValue{},
		calls:          callIndex(),
		reportAllExits: reportAllExits,
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
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil || (fd.Recv == nil && fd.Name.Name == "init") {
				continue
			}
			if fn, ok := u.info.Defs[fd.Name].(*types.Func); ok {
				k := funcKey(fn)
				if _, dup := a.decls[k]; !dup {
					a.decls[k] = &funcNode{name: declName(fd), pkg: u, body: fd.Body}
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
	}
	for k := range a.lits {
		if k.u == u {
			delete(a.lits, k)
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
	rhs = ast.Unparen(rhs)
	switch rhs.(type) {
	case *ast.FuncLit, *ast.Ident, *ast.SelectorExpr, *ast.IndexExpr, *ast.IndexListExpr:
		k := varID(v)
		a.funcValues[k] = append(a.funcValues[k], funcValue{u, rhs})
		return []any{k}
	}
	return nil
}

func (a *analyzer) litNode(u *unit, lit *ast.FuncLit, name string) *funcNode {
	k := litKey{u, lit}
	if n, ok := a.lits[k]; ok {
		return n
	}
	n := &funcNode{name: name, pkg: u, body: lit.Body}
	a.lits[k] = n
	return n
}

// analyse fills the node's direct sites and edges.
func (a *analyzer) analyse(n *funcNode) {
	if n.analysed {
		return
	}
	n.analysed = true
	w := &walker{a: a, n: n, info: n.pkg.info, inlining: map[*ast.FuncLit]bool{}}
	if n.body != nil {
		w.stmts(n.body.List, walkCtx{})
	}
	for _, e := range n.exprs {
		w.expr(e, walkCtx{})
	}
}

type walker struct {
	a        *analyzer
	n        *funcNode
	info     *types.Info
	inlining map[*ast.FuncLit]bool
}

func (w *walker) addSite(rule string, pos token.Pos, call string, c walkCtx, exit exitKind) {
	w.n.sites = append(w.n.sites, site{rule: rule, pos: pos, call: call, ctx: c, exit: exit})
}

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

// stmts walks a statement list; it stops after `if testing.Testing() { ...; return }`
// because the rest of the function does not run under go test.
func (w *walker) stmts(list []ast.Stmt, c walkCtx) {
	for _, s := range list {
		if is, ok := s.(*ast.IfStmt); ok && envGated(w.info, is) {
			// The re-exec pattern: the body runs only in a child process started with the
			// variable set, never in the ordinary test binary.
			w.stmt(is.Init, c)
			w.expr(is.Cond, c)
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
		w.stmt(s, c)
		if !c.cond && returnsEarly(s) {
			// Past a statement that may return, the rest runs only on some paths: a
			// panic after `for ... { if ok { return } }` is an assertion.
			c = c.conditional()
		}
	}
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
	case *ast.DeclStmt:
		if g, ok := s.Decl.(*ast.GenDecl); ok {
			for _, sp := range g.Specs {
				if vs, ok := sp.(*ast.ValueSpec); ok {
					for _, v := range vs.Values {
						w.expr(v, c)
					}
				}
			}
		}
	case *ast.IncDecStmt:
		w.expr(s.X, c)
	case *ast.ReturnStmt:
		for _, r := range s.Results {
			w.expr(r, c)
		}
	case *ast.IfStmt:
		w.stmt(s.Init, c)
		w.expr(s.Cond, c)
		if w.isErrCheck(s.Cond) {
			w.stmt(s.Body, cc.onErrPath())
		} else {
			w.stmt(s.Body, cc)
		}
		w.stmt(s.Else, cc)
	case *ast.ForStmt:
		w.stmt(s.Init, c)
		w.expr(s.Cond, c)
		w.stmt(s.Post, cc)
		w.stmt(s.Body, cc)
	case *ast.RangeStmt:
		w.expr(s.X, c)
		if t := w.info.TypeOf(s.X); t != nil && !c.inGo {
			if _, ok := t.Underlying().(*types.Chan); ok {
				w.addSite("H10", s.For, "range over channel", c, notExit)
			}
		}
		w.stmt(s.Body, cc)
	case *ast.SwitchStmt:
		w.stmt(s.Init, c)
		w.expr(s.Tag, c)
		for _, cl := range s.Body.List {
			cl := cl.(*ast.CaseClause)
			for _, e := range cl.List {
				w.expr(e, cc)
			}
			w.stmts(cl.Body, cc)
		}
	case *ast.TypeSwitchStmt:
		w.stmt(s.Init, c)
		w.stmt(s.Assign, c)
		for _, cl := range s.Body.List {
			w.stmts(cl.(*ast.CaseClause).Body, cc)
		}
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
			w.stmts(cl.Body, cc)
		}
	case *ast.SendStmt:
		if !c.inGo {
			w.addSite("H10", s.Arrow, "channel send", c, notExit)
		}
		w.expr(s.Chan, c)
		w.expr(s.Value, c)
	case *ast.GoStmt:
		w.addSite("H5", s.Go, "go statement", c, notExit)
		w.expr(s.Call, c.goroutine())
	case *ast.DeferStmt:
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
			w.call(n, c)
			return false
		case *ast.UnaryExpr:
			if n.Op == token.ARROW && !c.inGo {
				w.addSite("H10", n.OpPos, "channel receive", c, notExit)
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
				w.addSite("H4", n.Pos(), "os.Args", c, notExit)
				return false
			}
		case *ast.Ident:
			if w.isOSArgs(n) {
				w.addSite("H4", n.Pos(), "os.Args", c, notExit)
			}
		}
		return true
	})
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
		w.callFunc(fn, call, c)
	case *types.Var:
		w.callThroughVar(fn, call, c, map[any]bool{})
	}
}

func (w *walker) inlineLit(lit *ast.FuncLit, c walkCtx) {
	if w.inlining[lit] {
		return
	}
	w.inlining[lit] = true
	w.stmtsCtx(lit.Body, c)
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
		w.addSite(rule, call.Pos(), funcDisplay(fn, from), c, exit)
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
