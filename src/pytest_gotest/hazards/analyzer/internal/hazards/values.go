// What is known about values while walking a body: constants, nil, struct literals with
// their fields' values, buffered channels' capacities. It decides simple conditions so
// that code a call cannot reach with the arguments it is given is not analysed
// (`if cfg.MinIdleConns > 0 { go fill() }` with a zero-valued config built at init).
//
// Where it stops (docs/init-hazards.md, "How conditions are decided"): only local
// variables and parameters whose address is never taken and that no function literal
// assigns; struct fields one level deep, and only fields that no code of the module assigns
// outside a composite literal (a constructor filling in defaults makes them unknown);
// a few pure standard-library functions on constants; predicates of the module made of
// `if cond { return const }` and a final return.

package hazards

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"sort"
	"strings"
)

type valueKind int

const (
	unknownValue valueKind = iota
	constValue             // c holds it
	nilValue
	structValue // fields hold what is known about its fields (a T{...} or &T{...})
	chanValue   // a buffered channel: capacity and how many values it holds
)

type value struct {
	kind   valueKind
	c      constant.Value
	fields map[string]value
	cap    int64
	fill   int64
}

func (v value) known() bool { return v.kind != unknownValue }

func (v value) String() string {
	switch v.kind {
	case constValue:
		return v.c.ExactString()
	case nilValue:
		return "nil"
	case structValue:
		names := make([]string, 0, len(v.fields))
		for k := range v.fields {
			names = append(names, k)
		}
		sort.Strings(names)
		var b strings.Builder
		b.WriteString("{")
		for _, k := range names {
			fmt.Fprintf(&b, "%s:%s,", k, v.fields[k])
		}
		b.WriteString("}")
		return b.String()
	case chanValue:
		return fmt.Sprintf("chan(%d/%d)", v.fill, v.cap)
	}
	return "?"
}

// facts: what the caller knows about a callee's parameters, by index (-1: the receiver).
type facts map[int]value

func (f facts) key() string {
	idx := make([]int, 0, len(f))
	for i := range f {
		idx = append(idx, i)
	}
	sort.Ints(idx)
	var b strings.Builder
	for _, i := range idx {
		fmt.Fprintf(&b, "%d=%s;", i, f[i])
	}
	return b.String()
}

// tristate is a decided or undecided condition.
type tristate int

const (
	undecided tristate = iota
	isTrue
	isFalse
)

func triOf(v value) tristate {
	if v.kind == constValue && v.c.Kind() == constant.Bool {
		if constant.BoolVal(v.c) {
			return isTrue
		}
		return isFalse
	}
	return undecided
}

// maxVariantNest bounds chains of variants (a variant's walk calling for another): a
// recursive function handed a growing argument makes a new variant at each level
// (github.com/jhump/protoreflect: a struct value nested one level deeper per call, 2 GB and
// minutes before this bound). Past it the callee is walked without facts, which decides no
// condition from its arguments: it reports more, never less.
const maxVariantNest = 6

// variant is the node walked with what its caller (from) knows about its arguments (nil
// facts: the node itself).
func (a *analyzer) variant(n *funcNode, f facts, from *funcNode) *funcNode {
	if len(f) == 0 || n.body == nil || from.nest >= maxVariantNest {
		return n
	}
	k := variantKey{n, f.key()}
	if v, ok := a.variants[k]; ok {
		return v
	}
	v := &funcNode{name: n.name, pkg: n.pkg, body: n.body, ftype: n.ftype, recv: n.recv, facts: f, nest: from.nest + 1}
	a.variants[k] = v
	return v
}

type variantKey struct {
	n     *funcNode
	facts string
}

// paramObjects: the objects of a node's receiver (-1) and parameters, by index.
func paramObjects(n *funcNode) map[int]types.Object {
	out := map[int]types.Object{}
	if n.ftype == nil || n.pkg.info == nil {
		return out
	}
	if n.recv != nil {
		for _, fld := range n.recv.List {
			for _, id := range fld.Names {
				if o := n.pkg.info.Defs[id]; o != nil {
					out[-1] = o
				}
			}
		}
	}
	i := 0
	if n.ftype.Params != nil {
		for _, fld := range n.ftype.Params.List {
			if len(fld.Names) == 0 {
				i++
				continue
			}
			for _, id := range fld.Names {
				if o := n.pkg.info.Defs[id]; o != nil {
					out[i] = o
				}
				i++
			}
		}
	}
	return out
}

// recordAssignedFields notes every struct field the unit's code assigns (or takes the
// address of) outside composite literals: their values are never taken from a literal.
func (a *analyzer) recordAssignedFields(u *unit, f *ast.File) {
	assignedSelectors(f, func(sel *ast.SelectorExpr) {
		if s, ok := u.info.Selections[sel]; ok && s.Kind() == types.FieldVal {
			a.assignedFields[s.Obj().Pos()] = true
		}
	})
}

// varSpecs is the file's package-level var specs (`var x = ...`, each of a `var ( ... )` block).
func varSpecs(f *ast.File) []*ast.ValueSpec {
	var specs []*ast.ValueSpec
	for _, d := range f.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.VAR {
			for _, spec := range gd.Specs {
				specs = append(specs, spec.(*ast.ValueSpec))
			}
		}
	}
	return specs
}

// recordPkgVarInits notes the value of each package-level var of the file whose declaration
// gives it a constant, nil or its zero value (`var OpenGraphs = false`, `var depth int`);
// not of strings, which `go test -ldflags=-X` may set, unless the run links without -X
// (Config.NoLinkerStrings: gioui.org's `var extraArgs string`, which its build tool sets for
// mobile targets only).
func (a *analyzer) recordPkgVarInits(u *unit, f *ast.File) {
	for _, vs := range varSpecs(f) {
		if len(vs.Values) != 0 && len(vs.Values) != len(vs.Names) {
			continue // var a, b = f()
		}
		for i, name := range vs.Names {
			v, ok := u.info.Defs[name].(*types.Var)
			if !ok || !isPkgLevel(v) {
				continue
			}
			if b, ok := v.Type().Underlying().(*types.Basic); ok && b.Info()&types.IsString != 0 && !a.noLinkerStrings {
				continue // the linker may set it (-ldflags=-X), whatever the code says
			}
			var val value
			if len(vs.Values) == 0 {
				val, _ = zeroValue(v.Type())
			} else if tv, ok := u.info.Types[vs.Values[i]]; ok && tv.Value != nil {
				val = value{kind: constValue, c: tv.Value}
			} else if ok && tv.IsNil() {
				val = value{kind: nilValue}
			}
			if val.known() {
				a.pkgVarInits[varKey(v)] = val
			}
		}
	}
}

// pkgVarValue: what is known of a package-level var anywhere in the program: its
// declaration's value when no code of the module ever changes it (assignedNames). `if
// !OpenGraphs { return }` in cuelang.org/go's debugging code, whose OpenGraphs nothing sets,
// keeps what follows (files, a browser, a goroutine) out of the walk.
func (a *analyzer) pkgVarValue(o types.Object) value {
	v, ok := o.(*types.Var)
	if !ok || !isPkgLevel(v) || a.prog.assignedNames[v.Name()] {
		return value{}
	}
	return a.pkgVarInits[varKey(v)]
}

// assignedNames: the names of everything the files' code that can run in a test binary
// assigns, increments, takes the address of, ranges into or calls a method on (by name: an
// over-approximation of the package-level vars that code may change). What cannot run is a
// plain function (no receiver) that no such code mentions by name (canRun): klauspost/cpuid's
// `displayFeats`, a `*bool` that only `Flags()` sets, which nothing in the module calls,
// stays nil at init.
//
// tablesTouched: of the package-level vars declared with a composite literal (tables), those
// that such code uses other than by reading elements (tableUses), by package and name
// (tableKey; pkgs: each file's package, tables.go): a table of functions ranged over at init
// calls its literal's elements only when it is not touched. By package, not by name alone:
// another package's table of the same name, changed, does not stop the range over this one.
func assignedNames(fset *token.FileSet, files []*ast.File, pkgs map[*ast.File]filePkg) (names, tablesTouched map[string]bool) {
	_, reached := scanReachable(fset, files, canRun(), nil)
	names = map[string]bool{}
	mark := func(e ast.Expr) {
		switch e := e.(type) {
		case *ast.Ident:
			names[e.Name] = true
		case *ast.SelectorExpr:
			names[e.Sel.Name] = true
		}
	}
	tables := tableNames(files)
	tablesTouched = map[string]bool{}
	for _, f := range files {
		var fp *filePkg
		if p, ok := pkgs[f]; ok {
			fp = &p
		}
		if len(tables) > 0 {
			linknamedTables(f, fp, tables, tablesTouched)
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && !reached[fd] {
				continue
			}
			changedExprs(d, true, mark)
			if len(tables) > 0 {
				tableUses(d, fp, tables, tablesTouched)
			}
		}
	}
	return names, tablesTouched
}

// tableNames: the names of package-level vars whose declaration gives them a composite
// literal (`var inits = []func(){a, b}`, `var steps = stepList{a, b}`), by syntax; not the
// literals that hold no functions by their written type (`[]string{...}`, the data tables of
// generated code: looking at each of their uses would cost a pass over the module).
func tableNames(files []*ast.File) map[string]bool {
	names := map[string]bool{}
	for _, f := range files {
		for _, vs := range varSpecs(f) {
			for i, v := range vs.Values {
				lit, ok := ast.Unparen(v).(*ast.CompositeLit)
				if ok && len(vs.Names) == len(vs.Values) && !basicElems(lit.Type) {
					names[vs.Names[i].Name] = true
				}
			}
		}
	}
	return names
}

// basicElems: a slice, array or map type written with elements of a predeclared basic type
// or of struct types, whose values are not functions (a package that redeclares a basic
// type's name as a function type is not considered).
func basicElems(t ast.Expr) bool {
	var elem ast.Expr
	switch t := t.(type) {
	case *ast.ArrayType:
		elem = t.Elt
	case *ast.MapType:
		elem = t.Value
	default:
		return false
	}
	switch e := elem.(type) {
	case *ast.StructType:
		return true
	case *ast.Ident:
		switch e.Name {
		case "bool", "string", "int", "int8", "int16", "int32", "int64", "uint", "uint8",
			"uint16", "uint32", "uint64", "uintptr", "float32", "float64", "complex64",
			"complex128", "byte", "rune":
			return true
		}
	}
	return false
}

// tableUses adds to touched the keys of tables that n, in a file of fp's package, uses other
// than by reading their elements (usePosition: ranged over, indexed to read, len, cap):
// assigned, an element assigned, passed, copied, sliced, selected on. A bare name counts for
// its package's table (so a local of the same name counts too; its declaration does not),
// `pkg.name` for the imported package's, `x.name` on anything else (a field) for none.
func tableUses(n ast.Node, fp *filePkg, tables, touched map[string]bool) {
	var stack []ast.Node
	ast.Inspect(n, func(x ast.Node) bool {
		if x == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		if id, ok := x.(*ast.Ident); ok && tables[id.Name] && len(stack) > 0 {
			var e ast.Expr = id
			var qualifier ast.Expr // x in x.name
			at := stack
			switch p := stack[len(stack)-1].(type) {
			case *ast.Field, *ast.FuncDecl, *ast.TypeSpec, *ast.ImportSpec, *ast.LabeledStmt,
				*ast.BranchStmt:
				e = nil // a name declared (not a var's value), a label
			case *ast.ValueSpec:
				for _, name := range p.Names {
					if name == id {
						e = nil // a var declared
					}
				}
			case *ast.KeyValueExpr:
				if p.Key == id {
					e = nil // a field's name in a literal
				}
			case *ast.AssignStmt:
				if p.Tok == token.DEFINE && written(p.Lhs, id) {
					e = nil // a local declared
				}
			case *ast.SelectorExpr:
				if p.Sel == id { // pkg.table, or a field
					e, at, qualifier = p, stack[:len(stack)-1], p.X
				}
			}
			if e != nil && usePosition(at, e) != useElems {
				if qualifier != nil {
					touchQualified(fp, qualifier, id.Name, touched)
				} else {
					touchName(fp, id.Name, touched)
				}
			}
		}
		stack = append(stack, x)
		return true
	})
}

// canRun: the functions a test binary may run without the module's code naming them, so
// roots of what may run: init and TestMain; every method (a dependency may call one through
// an interface: a flag.Value's Set, an http.Handler's ServeHTTP); a test file's tests,
// benchmarks, fuzz targets and examples, which the testing package runs; main; and what C or
// the linker may call (`//export` before it, `//go:linkname` naming it anywhere in its
// file). Everything else runs only when called or taken as a value by name.
func canRun() func(d *ast.FuncDecl, f *ast.File, filename string) bool {
	linknamed := map[*ast.File]map[string]bool{}
	return func(d *ast.FuncDecl, f *ast.File, filename string) bool {
		name := d.Name.Name
		if d.Recv != nil || isInitRoot(d, f, filename) || name == "main" {
			return true
		}
		if strings.HasSuffix(filename, "_test.go") {
			for _, prefix := range [...]string{"Test", "Benchmark", "Fuzz", "Example"} {
				if strings.HasPrefix(name, prefix) {
					return true
				}
			}
		}
		if d.Doc != nil {
			for _, c := range d.Doc.List {
				if strings.HasPrefix(c.Text, "//export ") {
					return true
				}
			}
		}
		names, ok := linknamed[f]
		if !ok {
			names = map[string]bool{}
			for _, group := range f.Comments {
				for _, c := range group.List {
					if fields := strings.Fields(c.Text); len(fields) >= 2 && fields[0] == "//go:linkname" {
						names[fields[1]] = true
					}
				}
			}
			linknamed[f] = names
		}
		return names[name]
	}
}

// assignedSelectors calls mark with every selector n assigns, increments, takes the address
// of or ranges into: the shapes in which code can change a struct field.
func assignedSelectors(n ast.Node, mark func(*ast.SelectorExpr)) {
	changedExprs(n, false, func(e ast.Expr) {
		if sel, ok := e.(*ast.SelectorExpr); ok {
			mark(sel)
		}
	})
}

// changedExprs calls mark with every expression n assigns (not `:=`, which declares),
// increments, takes the address of or ranges into, unparenthesised; with receivers, also
// with the receiver of every method-shaped call (a pointer receiver may change it).
func changedExprs(n ast.Node, receivers bool, mark func(ast.Expr)) {
	markExpr := func(e ast.Expr) {
		if e != nil {
			mark(ast.Unparen(e))
		}
	}
	ast.Inspect(n, func(x ast.Node) bool {
		switch x := x.(type) {
		case *ast.AssignStmt:
			if x.Tok != token.DEFINE {
				for _, l := range x.Lhs {
					markExpr(l)
				}
			}
		case *ast.IncDecStmt:
			markExpr(x.X)
		case *ast.UnaryExpr:
			if x.Op == token.AND {
				markExpr(x.X)
			}
		case *ast.RangeStmt:
			if x.Tok == token.ASSIGN {
				markExpr(x.Key)
				markExpr(x.Value)
			}
		case *ast.CallExpr:
			if sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr); ok && receivers {
				markExpr(sel.X)
			}
		}
		return true
	})
}

// eval: what is known about e's value here.
func (w *walker) eval(e ast.Expr) value {
	if e == nil {
		return value{}
	}
	e = ast.Unparen(e)
	if tv, ok := w.info.Types[e]; ok {
		if tv.Value != nil {
			return value{kind: constValue, c: tv.Value}
		}
		if tv.IsNil() {
			return value{kind: nilValue}
		}
	}
	switch x := e.(type) {
	case *ast.Ident:
		if o := w.info.Uses[x]; o != nil {
			if v, ok := w.env[o]; ok {
				return v
			}
			return w.a.pkgVarValue(o)
		}
	case *ast.SelectorExpr:
		if id, ok := x.X.(*ast.Ident); ok {
			if _, qualified := w.info.Uses[id].(*types.PkgName); qualified {
				return w.a.pkgVarValue(w.info.Uses[x.Sel]) // pkg.Var
			}
		}
		if s, ok := w.info.Selections[x]; ok && s.Kind() == types.FieldVal && len(s.Index()) == 1 {
			base := w.eval(x.X)
			if base.kind == structValue {
				return base.fields[x.Sel.Name]
			}
		}
	case *ast.StarExpr:
		return w.eval(x.X)
	case *ast.UnaryExpr:
		switch x.Op {
		case token.AND:
			if lit, ok := ast.Unparen(x.X).(*ast.CompositeLit); ok {
				return w.eval(lit)
			}
			if id, ok := ast.Unparen(x.X).(*ast.Ident); ok {
				return w.eval(id) // `return &clone`: see untrackable
			}
		case token.NOT:
			switch triOf(w.eval(x.X)) {
			case isTrue:
				return boolValue(false)
			case isFalse:
				return boolValue(true)
			}
		}
	case *ast.BinaryExpr:
		return w.evalBinary(x)
	case *ast.CompositeLit:
		return w.evalStruct(x)
	case *ast.CallExpr:
		return w.evalCall(x)
	}
	return value{}
}

func boolValue(b bool) value { return value{kind: constValue, c: constant.MakeBool(b)} }

func (w *walker) evalBinary(x *ast.BinaryExpr) value {
	switch x.Op {
	case token.LAND, token.LOR:
		l := triOf(w.eval(x.X))
		if (x.Op == token.LAND && l == isFalse) || (x.Op == token.LOR && l == isTrue) {
			return boolValue(l == isTrue)
		}
		r := triOf(w.eval(x.Y))
		if l != undecided && r != undecided {
			return boolValue(r == isTrue)
		}
		if (x.Op == token.LAND && r == isFalse) || (x.Op == token.LOR && r == isTrue) {
			return boolValue(r == isTrue)
		}
		return value{}
	case token.EQL, token.NEQ:
		l, r := w.eval(x.X), w.eval(x.Y)
		if l.kind == nilValue || r.kind == nilValue {
			other := l
			if l.kind == nilValue {
				other = r
			}
			switch other.kind {
			case nilValue:
				return boolValue(x.Op == token.EQL)
			case structValue, chanValue:
				return boolValue(x.Op == token.NEQ)
			}
			return value{}
		}
		fallthrough
	case token.LSS, token.LEQ, token.GTR, token.GEQ:
		l, r := w.eval(x.X), w.eval(x.Y)
		if l.kind == constValue && r.kind == constValue && comparable(l.c, r.c) {
			return boolValue(constant.Compare(l.c, x.Op, r.c))
		}
	}
	return value{}
}

func comparable(a, b constant.Value) bool {
	num := func(k constant.Kind) bool { return k == constant.Int || k == constant.Float }
	return a.Kind() == b.Kind() || (num(a.Kind()) && num(b.Kind()))
}

// evalStruct: a struct literal; fields it leaves out have their zero value. Fields the
// module assigns elsewhere (defaults filled in by a constructor) stay unknown.
func (w *walker) evalStruct(lit *ast.CompositeLit) value {
	t := w.info.TypeOf(lit)
	if t == nil {
		return value{}
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return value{}
	}
	given := map[string]ast.Expr{}
	for i, elt := range lit.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok {
				given[id.Name] = kv.Value
			}
		} else if i < st.NumFields() {
			given[st.Field(i).Name()] = elt
		}
	}
	fields := map[string]value{}
	for i := 0; i < st.NumFields(); i++ {
		fld := st.Field(i)
		if w.a.assignedFields[fld.Pos()] || w.a.prog.prunedFields[fld.Name()] {
			continue
		}
		if e, ok := given[fld.Name()]; ok {
			if v := w.eval(e); v.known() {
				fields[fld.Name()] = v
			}
			continue
		}
		if z, ok := zeroValue(fld.Type()); ok {
			fields[fld.Name()] = z
		}
	}
	return value{kind: structValue, fields: fields}
}

func zeroValue(t types.Type) (value, bool) {
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsBoolean != 0:
			return boolValue(false), true
		case u.Info()&types.IsString != 0:
			return value{kind: constValue, c: constant.MakeString("")}, true
		case u.Info()&types.IsInteger != 0:
			return value{kind: constValue, c: constant.MakeInt64(0)}, true
		case u.Info()&types.IsFloat != 0:
			return value{kind: constValue, c: constant.MakeFloat64(0)}, true
		}
	case *types.Pointer, *types.Slice, *types.Map, *types.Chan, *types.Signature, *types.Interface:
		return value{kind: nilValue}, true
	}
	return value{}, false
}

// evalCall: make(chan T, n), len of a constant, and module-local predicates.
func (w *walker) evalCall(call *ast.CallExpr) value {
	switch fn := w.staticCallee(call).(type) {
	case *types.Builtin:
		switch fn.Name() {
		case "make":
			if t := w.info.TypeOf(call); t != nil {
				if _, ok := t.Underlying().(*types.Chan); ok {
					size := int64(0)
					if len(call.Args) == 2 {
						v := w.eval(call.Args[1])
						if v.kind != constValue {
							return value{}
						}
						n, exact := constant.Int64Val(constant.ToInt(v.c))
						if !exact {
							return value{}
						}
						size = n
					}
					return value{kind: chanValue, cap: size}
				}
			}
		case "len":
			if len(call.Args) == 1 {
				if v := w.eval(call.Args[0]); v.kind == constValue && v.c.Kind() == constant.String {
					return value{kind: constValue, c: constant.MakeInt64(int64(len(constant.StringVal(v.c))))}
				}
			}
		}
	case *types.Func:
		if n := w.a.decls[funcKey(fn.Origin())]; n != nil && w.depth < 4 {
			v := w.a.variant(n, w.callFacts(call, fn), w.n)
			if r := w.a.evalPredicate(v, w.depth+1); r.known() {
				return r
			}
			// Otherwise what its walk found it returns (`opt = opt.clone()`).
			w.a.analyse(v)
			if !v.walking && v.resultSame && v.returns > 0 {
				return v.result
			}
		}
	}
	return value{}
}

// evalPredicate: the result of a small module-local function from what its caller knows:
// leading `if cond { return x }` statements whose condition is decided, then a return.
func (a *analyzer) evalPredicate(n *funcNode, depth int) value {
	if n.body == nil || n.ftype == nil || n.ftype.Results == nil || n.ftype.Results.NumFields() != 1 {
		return value{}
	}
	w := &walker{a: a, n: &funcNode{pkg: n.pkg, facts: n.facts, ftype: n.ftype, recv: n.recv, body: n.body, nest: n.nest}, info: n.pkg.info, inlining: map[*ast.FuncLit]bool{}, depth: depth}
	w.initEnv()
	for _, s := range n.body.List {
		switch s := s.(type) {
		case *ast.IfStmt:
			if s.Init != nil {
				return value{}
			}
			switch triOf(w.eval(s.Cond)) {
			case isTrue:
				if len(s.Body.List) == 1 {
					if r, ok := s.Body.List[0].(*ast.ReturnStmt); ok && len(r.Results) == 1 {
						return w.eval(r.Results[0])
					}
				}
				return value{}
			case isFalse:
				if s.Else != nil {
					return value{}
				}
				continue
			}
			return value{}
		case *ast.ReturnStmt:
			if len(s.Results) == 1 {
				return w.eval(s.Results[0])
			}
			return value{}
		default:
			return value{}
		}
	}
	return value{}
}

// callFacts: what is known about a local call's receiver and arguments.
func (w *walker) callFacts(call *ast.CallExpr, fn *types.Func) facts {
	f := facts{}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if s, ok := w.info.Selections[sel]; ok && s.Kind() == types.MethodVal {
			if v := w.eval(sel.X); v.known() {
				f[-1] = v
			}
		}
	}
	sig, _ := fn.Type().(*types.Signature)
	for i, arg := range call.Args {
		if sig != nil && sig.Variadic() && i >= sig.Params().Len()-1 {
			break
		}
		if v := w.eval(arg); v.known() {
			f[i] = v
		}
	}
	return f
}
