package hazards

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"
)

// The re-exec child pattern keyed on the command line instead of the environment: runc's
// `if len(os.Args) > 1 && os.Args[1] == "init" { libcontainer.Init() }` and its nsenter
// tests' `if strings.HasPrefix(os.Args[0], "nsenter-") { os.Exit(0) }`. A test binary that
// go test starts has the binary's absolute path in os.Args[0] ("/tmp/go-build.../b001/
// p.test") and a -test.* flag in os.Args[1] ("-test.paniconexit0"; go test puts its own
// flags before any of the user's), so such a comparison with a literal is false in every
// plain test run: the body is the child's, not the test binary's.

// reexecGated: the if statement's body runs only in a re-executed child process, gated on
// an environment variable (envGated) or on the command line (argsGated).
func reexecGated(info *types.Info, is *ast.IfStmt) bool {
	return envGated(info, is) || argsGated(info, is.Cond)
}

// argsGated: cond is false whenever os.Args is a test binary's (above); a conjunction is
// when any of its terms is.
func argsGated(info *types.Info, cond ast.Expr) bool {
	switch x := ast.Unparen(cond).(type) {
	case *ast.BinaryExpr:
		switch x.Op {
		case token.LAND:
			return argsGated(info, x.X) || argsGated(info, x.Y)
		case token.EQL:
			for _, pair := range [][2]ast.Expr{{x.X, x.Y}, {x.Y, x.X}} {
				if lit, ok := stringConst(info, pair[1]); ok && argNeverEquals(info, pair[0], lit) {
					return true
				}
			}
		}
	case *ast.CallExpr:
		if calleeKey(info, x) != "strings.HasPrefix" || len(x.Args) != 2 {
			return false
		}
		lit, ok := stringConst(info, x.Args[1])
		index, base, isArg := argElement(info, x.Args[0])
		return ok && isArg && !base && neverStartsWith(index, lit)
	}
	return false
}

// argNeverEquals: e, os.Args[0], filepath.Base(os.Args[0]) or os.Args[1], never equals lit
// in a test binary.
func argNeverEquals(info *types.Info, e ast.Expr, lit string) bool {
	index, base, ok := argElement(info, e)
	switch {
	case !ok:
		return false
	case base:
		return index == 0 && lit != "" && !strings.HasSuffix(lit, ".test") &&
			!strings.HasSuffix(lit, ".test.exe")
	}
	return neverStartsWith(index, lit)
}

// neverStartsWith: os.Args[index] of a test binary never starts with (so never equals) lit:
// os.Args[0] is an absolute path, os.Args[1] a -test.* flag.
func neverStartsWith(index int64, lit string) bool {
	switch index {
	case 0:
		return lit != "" && !strings.HasPrefix(lit, "/")
	case 1:
		return lit != "" && !strings.HasPrefix(lit, "-")
	}
	return false
}

// argElement: for os.Args[i] (a constant i) its index; for filepath.Base(os.Args[i]) (or
// path.Base) the index and base true; ok false for anything else.
func argElement(info *types.Info, e ast.Expr) (index int64, base, ok bool) {
	e = ast.Unparen(e)
	if call, isCall := e.(*ast.CallExpr); isCall && len(call.Args) == 1 {
		key := calleeKey(info, call)
		if key != "path/filepath.Base" && key != "path.Base" {
			return 0, false, false
		}
		e, base = ast.Unparen(call.Args[0]), true
	}
	ix, isIndex := e.(*ast.IndexExpr)
	if !isIndex || !(&walker{info: info}).isOSArgs(ix.X) {
		return 0, false, false
	}
	tv, known := info.Types[ix.Index]
	if !known || tv.Value == nil {
		return 0, false, false
	}
	i, exact := constant.Int64Val(constant.ToInt(tv.Value))
	return i, base, exact
}

func stringConst(info *types.Info, e ast.Expr) (string, bool) {
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil || tv.Value.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(tv.Value), true
}

// argsLiteralTest: e compares an element of os.Args (or its base name) with a literal:
// `os.Args[1] == "init"`, `strings.HasPrefix(os.Args[0], "nsenter-")`. It reads the
// command line without parsing it, which the test flags in it cannot break (H4 is about
// code that parses os.Args, or hands it to flag.Parse).
func argsLiteralTest(info *types.Info, e ast.Expr) bool {
	isArg := func(x ast.Expr) bool { _, _, ok := argElement(info, x); return ok }
	isLit := func(x ast.Expr) bool { _, ok := stringConst(info, x); return ok }
	switch x := ast.Unparen(e).(type) {
	case *ast.BinaryExpr:
		if x.Op != token.EQL && x.Op != token.NEQ {
			return false
		}
		return (isArg(x.X) && isLit(x.Y)) || (isArg(x.Y) && isLit(x.X))
	case *ast.CallExpr:
		switch calleeKey(info, x) {
		case "strings.HasPrefix", "strings.HasSuffix", "strings.Contains":
			return len(x.Args) == 2 && isArg(x.Args[0]) && isLit(x.Args[1])
		}
	}
	return false
}

// reexecCase: a case clause that runs only in a re-executed child: of `switch os.Getenv(k)`
// with non-empty values (envCase), or of a switch on the command line whose values a test
// binary's never equals (age's plugin tests: `switch filepath.Base(os.Args[0]) { case
// "age-plugin-test": ...; default: os.Exit(m.Run()) }`).
func reexecCase(info *types.Info, sw *ast.SwitchStmt, cl *ast.CaseClause) bool {
	return envCase(info, sw, cl) || argsCase(info, sw, cl)
}

// argsCase: a case clause of a switch on the command line whose values a test binary's
// never equals: it never runs in a test binary, before m.Run or after.
func argsCase(info *types.Info, sw *ast.SwitchStmt, cl *ast.CaseClause) bool {
	if sw.Tag == nil || len(cl.List) == 0 {
		return false
	}
	for _, e := range cl.List {
		lit, ok := stringConst(info, e)
		if !ok || !argNeverEquals(info, sw.Tag, lit) {
			return false
		}
	}
	return true
}

// argsSwitch: a switch on an element of os.Args (or its base name) whose cases are all
// literals: it compares the command line with them, reading without parsing (H4).
func argsSwitch(info *types.Info, sw *ast.SwitchStmt) bool {
	if sw.Tag == nil {
		return false
	}
	if _, _, ok := argElement(info, sw.Tag); !ok {
		return false
	}
	for _, cl := range sw.Body.List {
		for _, e := range cl.(*ast.CaseClause).List {
			if _, ok := stringConst(info, e); !ok {
				return false
			}
		}
	}
	return true
}
