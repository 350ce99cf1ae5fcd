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
		if !ok || lit == "" {
			return false
		}
		switch argIndex(info, x.Args[0]) {
		case 0:
			return !strings.HasPrefix(lit, "/") // the binary's path is absolute
		case 1:
			return !strings.HasPrefix(lit, "-")
		}
	}
	return false
}

// argNeverEquals: e, os.Args[0], filepath.Base(os.Args[0]) or os.Args[1], never equals lit
// in a test binary.
func argNeverEquals(info *types.Info, e ast.Expr, lit string) bool {
	if lit == "" {
		return false
	}
	if call, ok := ast.Unparen(e).(*ast.CallExpr); ok && len(call.Args) == 1 {
		switch calleeKey(info, call) {
		case "path/filepath.Base", "path.Base":
			if argIndex(info, call.Args[0]) == 0 {
				return !strings.HasSuffix(lit, ".test") && !strings.HasSuffix(lit, ".test.exe")
			}
		}
		return false
	}
	switch argIndex(info, e) {
	case 0:
		return !strings.HasPrefix(lit, "/")
	case 1:
		return !strings.HasPrefix(lit, "-")
	}
	return false
}

// argIndex: i for os.Args[i] with a constant i, -1 for anything else.
func argIndex(info *types.Info, e ast.Expr) int64 {
	ix, ok := ast.Unparen(e).(*ast.IndexExpr)
	if !ok || !(&walker{info: info}).isOSArgs(ix.X) {
		return -1
	}
	tv, ok := info.Types[ix.Index]
	if !ok || tv.Value == nil {
		return -1
	}
	i, exact := constant.Int64Val(constant.ToInt(tv.Value))
	if !exact {
		return -1
	}
	return i
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
	element := func(x ast.Expr) bool {
		if argIndex(info, x) >= 0 {
			return true
		}
		call, ok := ast.Unparen(x).(*ast.CallExpr)
		if !ok || len(call.Args) != 1 {
			return false
		}
		key := calleeKey(info, call)
		return (key == "path/filepath.Base" || key == "path.Base") && argIndex(info, call.Args[0]) >= 0
	}
	switch x := ast.Unparen(e).(type) {
	case *ast.BinaryExpr:
		if x.Op != token.EQL && x.Op != token.NEQ {
			return false
		}
		_, litY := stringConst(info, x.Y)
		_, litX := stringConst(info, x.X)
		return (element(x.X) && litY) || (element(x.Y) && litX)
	case *ast.CallExpr:
		switch calleeKey(info, x) {
		case "strings.HasPrefix", "strings.HasSuffix", "strings.Contains":
			_, lit := stringConst(info, x.Args[1])
			return len(x.Args) == 2 && element(x.Args[0]) && lit
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
	tag := ast.Unparen(sw.Tag)
	if call, ok := tag.(*ast.CallExpr); ok && len(call.Args) == 1 {
		key := calleeKey(info, call)
		if key != "path/filepath.Base" && key != "path.Base" {
			return false
		}
		tag = call.Args[0]
	}
	if argIndex(info, tag) < 0 {
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
