// The walk's variables: what assignments, branches and loops do to the values it knows
// (values.go), and buffered channels filling up and draining.

package hazards

import (
	"errors"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"
)

// untrackable: variables of a body that the walk must not follow: address taken, or
// assigned inside a function literal (which may run at any time).
func untrackable(info *types.Info, body *ast.BlockStmt) map[types.Object]bool {
	out := map[types.Object]bool{}
	// `return &x` hands x out as the function ends: nothing changes it before (a copy made
	// by a clone method stays known).
	returnedAddr := map[*ast.UnaryExpr]bool{}
	if body != nil {
		inspectNoLits(body, func(n ast.Node) {
			if r, ok := n.(*ast.ReturnStmt); ok {
				for _, e := range r.Results {
					if u, ok := ast.Unparen(e).(*ast.UnaryExpr); ok && u.Op == token.AND {
						returnedAddr[u] = true
					}
				}
			}
		})
	}
	var visit func(n ast.Node, inLit bool)
	visit = func(n ast.Node, inLit bool) {
		ast.Inspect(n, func(x ast.Node) bool {
			switch x := x.(type) {
			case *ast.FuncLit:
				if x.Body != nil && x != n {
					visit(x.Body, true)
				}
				return false
			case *ast.UnaryExpr:
				if x.Op == token.AND && !returnedAddr[x] {
					if o := objOf(info, x.X); o != nil {
						out[o] = true
					}
				}
			case *ast.AssignStmt:
				if inLit {
					for _, l := range x.Lhs {
						if o := objOf(info, l); o != nil {
							out[o] = true
						}
					}
				}
			case *ast.IncDecStmt:
				if inLit {
					if o := objOf(info, x.X); o != nil {
						out[o] = true
					}
				}
			}
			return true
		})
	}
	if body != nil {
		visit(body, false)
	}
	return out
}

// assignedIn: the variables an assignment anywhere in n may change.
func assignedIn(info *types.Info, n ast.Node) []types.Object {
	var out []types.Object
	if n == nil {
		return nil
	}
	ast.Inspect(n, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.AssignStmt:
			for _, l := range x.Lhs {
				if o := objOf(info, l); o != nil {
					out = append(out, o)
				}
			}
		case *ast.IncDecStmt:
			if o := objOf(info, x.X); o != nil {
				out = append(out, o)
			}
		case *ast.RangeStmt:
			for _, e := range []ast.Expr{x.Key, x.Value} {
				if o := objOf(info, e); o != nil {
					out = append(out, o)
				}
			}
		case *ast.SendStmt:
			if o := objOf(info, x.Chan); o != nil {
				out = append(out, o) // its fill changes
			}
		case *ast.UnaryExpr:
			if x.Op == token.ARROW {
				if o := objOf(info, x.X); o != nil {
					out = append(out, o)
				}
			}
		}
		return true
	})
	return out
}

// initEnv seeds the walk's variables with the node's facts.
func (w *walker) initEnv() {
	w.env = map[types.Object]value{}
	w.untracked = untrackable(w.info, w.n.body)
	for i, o := range paramObjects(w.n) {
		if v, ok := w.n.facts[i]; ok && !w.untracked[o] {
			w.env[o] = v
		}
	}
}

// assign records what an assignment gives its variables.
func (w *walker) assign(lhs, rhs []ast.Expr) {
	if len(lhs) == len(rhs) {
		vals := make([]value, len(rhs))
		for i, r := range rhs {
			vals[i] = w.eval(r)
		}
		for i, l := range lhs {
			w.set(l, vals[i])
		}
		return
	}
	var vals []value
	if len(rhs) == 1 {
		vals = w.evalTuple(rhs[0], len(lhs))
	}
	for i, l := range lhs {
		v := value{}
		if i < len(vals) {
			v = vals[i]
		}
		w.set(l, v)
	}
}

func (w *walker) set(l ast.Expr, v value) {
	o := objOf(w.info, l)
	if o == nil || w.env == nil {
		return
	}
	if w.untracked[o] || !v.known() {
		delete(w.env, o)
		return
	}
	w.env[o] = v
}

// evalTuple: pure standard-library functions with several results, on constants.
func (w *walker) evalTuple(e ast.Expr, n int) []value {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return nil
	}
	fn, ok := w.staticCallee(call).(*types.Func)
	if !ok || len(call.Args) != 1 {
		return nil
	}
	arg := w.eval(call.Args[0])
	if arg.kind != constValue || arg.c.Kind() != constant.String {
		return nil
	}
	s := constant.StringVal(arg.c)
	str := func(x string) value { return value{kind: constValue, c: constant.MakeString(x)} }
	switch funcKey(fn) {
	case "net.SplitHostPort":
		host, port, err := splitHostPort(s)
		if err != nil || n != 3 {
			return nil
		}
		return []value{str(host), str(port), {kind: nilValue}}
	}
	return nil
}

// forget: after code that may or may not have run, the variables it assigns are unknown.
func (w *walker) forget(n ast.Node) {
	if w.env == nil || n == nil {
		return
	}
	for _, o := range assignedIn(w.info, n) {
		delete(w.env, o)
	}
}

func (w *walker) snapshot() map[types.Object]value {
	if w.env == nil {
		return nil
	}
	out := make(map[types.Object]value, len(w.env))
	for k, v := range w.env {
		out[k] = v
	}
	return out
}

// condition decides an if's condition here (its init statement already walked).
func (w *walker) condition(cond ast.Expr) tristate {
	if w.env == nil {
		return undecided
	}
	return triOf(w.eval(cond))
}

// ifUndecided walks both branches of an if whose condition is not decided: what either
// assigns is unknown afterwards.
func (w *walker) ifUndecided(s *ast.IfStmt, c walkCtx) {
	cc := c.conditional()
	before := w.snapshot()
	if w.isErrCheck(s.Cond) {
		w.stmt(s.Body, cc.onErrPath())
	} else {
		w.stmt(s.Body, cc)
	}
	w.env = copyEnv(before)
	w.stmt(s.Else, cc)
	w.env = copyEnv(before)
	w.forget(s.Body)
	w.forget(s.Else)
}

func copyEnv(env map[types.Object]value) map[types.Object]value {
	if env == nil {
		return nil
	}
	out := make(map[types.Object]value, len(env))
	for k, v := range env {
		out[k] = v
	}
	return out
}

// declare: `var x T` is T's zero value, `var x = v` is v.
func (w *walker) declare(vs *ast.ValueSpec) {
	if len(vs.Values) > 0 {
		lhs := make([]ast.Expr, len(vs.Names))
		for i, id := range vs.Names {
			lhs[i] = id
		}
		w.assign(lhs, vs.Values)
		return
	}
	for _, id := range vs.Names {
		if o := w.info.Defs[id]; o != nil && w.env != nil && !w.untracked[o] {
			if z, ok := zeroValue(o.Type()); ok {
				w.env[o] = z
			}
		}
	}
}

// bufferedSend: a send on a local buffered channel with room left does not block.
func (w *walker) bufferedSend(ch ast.Expr) bool {
	o := objOf(w.info, ch)
	if o == nil || w.env == nil || w.loopDepth > 0 {
		return false
	}
	v := w.env[o]
	if v.kind != chanValue || v.fill >= v.cap {
		return false
	}
	v.fill++
	w.env[o] = v
	return true
}

// bufferedReceive: a receive from a local buffered channel holding a value does not block.
func (w *walker) bufferedReceive(ch ast.Expr) bool {
	o := objOf(w.info, ch)
	if o == nil || w.env == nil || w.loopDepth > 0 {
		return false
	}
	v := w.env[o]
	if v.kind != chanValue || v.fill <= 0 {
		return false
	}
	v.fill--
	w.env[o] = v
	return true
}

// returned notes one return statement's value for the node's result.
func (w *walker) returned(v value) {
	n := w.n
	n.returns++
	switch {
	case n.returns == 1:
		n.result, n.resultSame = v, v.known()
	case !v.known() || v.String() != n.result.String():
		n.resultSame = false
	}
}

// splitHostPort is net.SplitHostPort: the analyzer evaluates it on constant addresses. A copy,
// because importing net would link net and, through its resolver, cgo into the analyzer, and
// go checks every imported package (and probes the C compiler for cgo) when it builds the
// analyzer on a first run.
func splitHostPort(hostport string) (host, port string, err error) {
	addrErr := func(why string) (string, string, error) {
		return "", "", errors.New(why)
	}
	j, k := 0, 0
	i := strings.LastIndexByte(hostport, ':')
	if i < 0 {
		return addrErr("missing port in address")
	}
	if hostport[0] == '[' {
		end := strings.IndexByte(hostport, ']')
		if end < 0 {
			return addrErr("missing ']' in address")
		}
		switch end + 1 {
		case len(hostport):
			return addrErr("missing port in address")
		case i:
		default:
			if hostport[end+1] == ':' {
				return addrErr("too many colons in address")
			}
			return addrErr("missing port in address")
		}
		host = hostport[1:end]
		j, k = 1, end+1
	} else {
		host = hostport[:i]
		if strings.IndexByte(host, ':') >= 0 {
			return addrErr("too many colons in address")
		}
	}
	if strings.IndexByte(hostport[j:], '[') >= 0 {
		return addrErr("unexpected '[' in address")
	}
	if strings.IndexByte(hostport[k:], ']') >= 0 {
		return addrErr("unexpected ']' in address")
	}
	return host, hostport[i+1:], nil
}
