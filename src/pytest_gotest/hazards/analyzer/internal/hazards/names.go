package hazards

import (
	"go/types"
)

// globalVarRules: assigning to these package variables changes process-global state (H7).
var globalVarRules = map[string]bool{
	"time.Local": true, "os.Stdout": true, "os.Stderr": true, "os.Stdin": true,
	"net/http.DefaultClient": true, "net/http.DefaultTransport": true,
}

// funcKey names a function or method independently of pointer receivers and instantiation.
func funcKey(fn *types.Func) string {
	fn = fn.Origin()
	if fn.Pkg() == nil {
		return fn.Name()
	}
	sig, _ := fn.Type().(*types.Signature)
	if sig != nil && sig.Recv() != nil {
		t := sig.Recv().Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		switch n := types.Unalias(t).(type) {
		case *types.Named:
			return fn.Pkg().Path() + "." + n.Obj().Name() + "." + fn.Name()
		default:
			return fn.Pkg().Path() + ".?." + fn.Name()
		}
	}
	return fn.Pkg().Path() + "." + fn.Name()
}

// funcDisplay is the human readable name of a callee: "net.Listen", "(*http.Server).Serve".
func funcDisplay(fn *types.Func, from *types.Package) string {
	fn = fn.Origin()
	qual := ""
	if fn.Pkg() != nil && fn.Pkg() != from {
		qual = fn.Pkg().Name() + "."
	}
	sig, _ := fn.Type().(*types.Signature)
	if sig != nil && sig.Recv() != nil {
		t := sig.Recv().Type()
		star := ""
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
			star = "*"
		}
		name := "?"
		if n, ok := types.Unalias(t).(*types.Named); ok {
			name = n.Obj().Name()
		}
		if star == "" {
			return qual + name + "." + fn.Name()
		}
		return "(" + star + qual + name + ")." + fn.Name()
	}
	return qual + fn.Name()
}

func varKey(v *types.Var) string {
	if v.Pkg() == nil {
		return v.Name()
	}
	return v.Pkg().Path() + "." + v.Name()
}

func isPkgLevel(v *types.Var) bool {
	return v.Pkg() != nil && v.Parent() == v.Pkg().Scope()
}
