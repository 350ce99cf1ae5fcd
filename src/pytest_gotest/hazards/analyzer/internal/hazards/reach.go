package hazards

import (
	"go/ast"
	"go/token"
	"sort"
	"strings"
)

// reportedExit decides H3 by kind and path (see docs/init-hazards.md, "Precision on real
// code", for the measurement behind it): os.Exit(0) always; os.Exit(n)/log.Fatal unless
// only on an error path (`if err != nil`); panic/log.Panic only when reached unconditionally
// (a conditional panic is an assertion, typically a `must` helper).
// Config.ReportAllExits turns the filter off.
func (a *analyzer) reportedExit(k exitKind, c walkCtx) bool {
	if a.reportAllExits {
		return true
	}
	switch k {
	case panicExit:
		return !c.cond && !c.errPath
	case failExit:
		return !c.errPath
	}
	return true
}

type root struct {
	node     *funcNode
	pos      token.Pos
	label    string // "init", "var db"
	pkg      *unit
	testFile bool
}

// roots: init functions and package-level var initialisers of a unit's own files (for a
// test unit, its _test.go files).
func (a *analyzer) roots(u *unit) []root {
	var out []root
	if u.info == nil {
		return nil
	}
	for _, f := range u.files {
		if u.forTest != "" && !u.xtest && !u.testFile[f] {
			continue
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil && d.Name.Name == "init" && d.Body != nil {
					n := &funcNode{name: "init", pkg: u, body: d.Body}
					out = append(out, root{n, d.Pos(), "init", u, u.testFile[f]})
				}
			case *ast.GenDecl:
				if d.Tok != token.VAR {
					continue
				}
				for _, sp := range d.Specs {
					vs := sp.(*ast.ValueSpec)
					if len(vs.Values) == 0 {
						continue
					}
					label := "var " + vs.Names[0].Name
					n := &funcNode{name: label, pkg: u, exprs: vs.Values}
					out = append(out, root{n, vs.Pos(), label, u, u.testFile[f]})
				}
			}
		}
	}
	return out
}

type visitKey struct {
	n   *funcNode
	ctx walkCtx
}

// findings walks every root's call graph and reports each hazardous site reached.
func (a *analyzer) findings(u *unit, sup *suppressor) []Finding {
	var out []Finding
	seen := map[string]bool{}
	for _, r := range a.roots(u) {
		affects := a.affects(r.pkg, r.testFile)
		if len(affects) == 0 {
			continue
		}
		visited := map[visitKey]bool{}
		var visit func(n *funcNode, ctx walkCtx, chain []string, path []token.Pos)
		visit = func(n *funcNode, ctx walkCtx, chain []string, path []token.Pos) {
			k := visitKey{n, ctx}
			if visited[k] {
				return
			}
			visited[k] = true
			a.analyse(n)
			for _, s := range n.sites {
				eff := ctx.or(s.ctx)
				if s.rule == "H10" && eff.inGo {
					continue
				}
				if !a.reportedExit(s.exit, eff) {
					continue
				}
				sitePath := append(append([]token.Pos{}, path...), s.pos)
				if sup.allowed(s.rule, sitePath) {
					continue
				}
				pos := a.prog.fset.Position(s.pos)
				rpos := a.prog.fset.Position(r.pos)
				key := strings.Join([]string{s.rule, pos.String(), rpos.String()}, "|")
				if seen[key] {
					continue
				}
				seen[key] = true
				rule := ruleByID(s.rule)
				out = append(out, Finding{
					Rule: s.rule, File: pos.Filename, Line: pos.Line, Col: pos.Column,
					RootFile: rpos.Filename, RootLine: rpos.Line, Package: r.pkg.path,
					Call:    s.call,
					Chain:   append(append([]string{}, chain...), s.call),
					Message: r.label + " " + rule.verb + ": " + s.call,
					Affects: affects,
					After:   a.earlierParses(s, r.pkg),
				})
			}
			for _, e := range n.edges {
				name := e.callee.name
				if e.callee.pkg.path != r.pkg.path && e.callee.pkg.types != nil {
					name = e.callee.pkg.types.Name() + "." + name
				}
				visit(e.callee, ctx.or(e.ctx), append(append([]string{}, chain...), name), append(append([]token.Pos{}, path...), e.pos))
			}
		}
		visit(r.node, walkCtx{}, []string{r.label}, []token.Pos{r.pos})
	}
	return out
}

// affects lists the packages under test whose test binary runs code of u.
func (a *analyzer) affects(u *unit, testFile bool) []string {
	if u.forTest != "" {
		return []string{u.forTest}
	}
	var out []string
	for _, t := range a.prog.roots {
		if a.prog.binDeps[t][u.path] {
			out = append(out, t)
		}
	}
	sort.Strings(out)
	return out
}

// suppressor applies `//gotest:allow [ids]` comments on a site's line or the line above.
type suppressor struct {
	fset  *token.FileSet
	lines map[string]map[int][]string // file -> line -> allowed ids ("*" = all)
}

func newSuppressor(prog *program) *suppressor {
	s := &suppressor{fset: prog.fset, lines: map[string]map[int][]string{}}
	for _, f := range prog.parsed {
		if f == nil {
			continue
		}
		{
			for _, cg := range f.Comments {
				for _, c := range cg.List {
					text := strings.TrimPrefix(c.Text, "//")
					if !strings.HasPrefix(text, "gotest:allow") {
						continue
					}
					rest := strings.TrimPrefix(text, "gotest:allow")
					if rest != "" && rest[0] != ' ' && rest[0] != '\t' && rest[0] != ',' {
						continue
					}
					// A trailing explanation after " -- " or "//" is not part of the id list.
					if i := strings.Index(rest, "--"); i >= 0 {
						rest = rest[:i]
					}
					ids := strings.FieldsFunc(rest, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' })
					if len(ids) == 0 {
						ids = []string{"*"}
					}
					pos := prog.fset.Position(c.Slash)
					if s.lines[pos.Filename] == nil {
						s.lines[pos.Filename] = map[int][]string{}
					}
					s.lines[pos.Filename][pos.Line] = append(s.lines[pos.Filename][pos.Line], ids...)
				}
			}
		}
	}
	return s
}

// allowed: any position on the chain (root, call sites, hazard site) carries an allow
// comment for the rule on its line or the line above.
func (s *suppressor) allowed(rule string, path []token.Pos) bool {
	for _, p := range path {
		pos := s.fset.Position(p)
		m := s.lines[pos.Filename]
		for _, line := range []int{pos.Line, pos.Line - 1} {
			for _, id := range m[line] {
				if id == "*" || strings.EqualFold(id, rule) {
					return true
				}
			}
		}
	}
	return false
}

// earlierParses: for an H4 parse reached from a root of u, the parses of other modules' init
// code that u's package imports (deparse.go); none for a read of os.Args (it prints
// nothing, so it never explains a death) nor for any other rule.
func (a *analyzer) earlierParses(s site, u *unit) []EarlierParse {
	if s.rule != "H4" || s.call == "os.Args" {
		return nil
	}
	return a.prog.earlierParses(u.variant)
}
