package hazards

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// TestPruningChangesNoFinding: the want module reports the same findings and errors with
// every body type-checked as with the unreachable ones dropped.
func TestPruningChangesNoFinding(t *testing.T) {
	pruned := runOn(t, wantModule, Config{})
	kept := runOn(t, wantModule, Config{KeepBodies: true})
	if !reflect.DeepEqual(pruned.Findings, kept.Findings) || !reflect.DeepEqual(pruned.Errors, kept.Errors) {
		t.Errorf("pruned:\n%+v\n%+v\nall bodies:\n%+v\n%+v", pruned.Findings, pruned.Errors, kept.Findings, kept.Errors)
	}
}

// TestPruneUnreachable: what testdata/mod/prune keeps and drops, and the field names it
// hands on from the dropped bodies.
func TestPruneUnreachable(t *testing.T) {
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range []string{"pos.go", "other.go", "prune_test.go"} {
		f, err := parser.ParseFile(fset, filepath.Join(wantModule, "prune", name), nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	fields := pruneUnreachable(fset, files)
	var kept, dropped []string
	for _, f := range files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok {
				if fd.Body != nil {
					kept = append(kept, declName(fd))
				} else {
					dropped = append(dropped, declName(fd))
				}
			}
		}
	}
	wantKept := []string{"fill", "startPool", "init", "UseListener", "listen", "init", "drain", "init", "clock.wait"}
	wantDropped := []string{"(*Options).SetIdle", "Shadow", "Serve", "TestServe"}
	if !slices.Equal(kept, wantKept) || !slices.Equal(dropped, wantDropped) {
		t.Errorf("kept %q, dropped %q; want kept %q, dropped %q", kept, dropped, wantKept, wantDropped)
	}
	if !reflect.DeepEqual(fields, map[string]bool{"Idle": true}) {
		t.Errorf("fields assigned in dropped bodies: %v, want Idle", fields)
	}
}

// TestShrinkDataLiterals: which var initialisers are emptied, and that each keeps its type.
func TestShrinkDataLiterals(t *testing.T) {
	const src = `package p

import . "strings"

var a = [...]int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17}
var b = [4]T{{1, "x"}, {2, "y"}, {3, "z"}, {4, "w"}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}}
var c = map[string]int{"a": 1, "b": -2, "c": 3 << 2, "d": k, "e": pkg.K, "f": 6, "g": 7, "h": 8, "i": 9, "j": 10, "k": 11, "l": 12, "m": 13, "n": 14, "o": 15, "p": 16}
var d = []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, f()}
var e = [...]int{20: 1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}
var f = T{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}
var g = []int{1, 2, 3}
var h = []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", os.Args[0]}
var i = []func(){x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, func() {}}
var j = []chan int{x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, <-x}
var k = &T{on: true, table: [...]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	// Without its dot import first (with it, a bare name could be os.Args: below).
	f.Imports, f.Decls = nil, f.Decls[1:]
	shrinkDataLiterals([]*ast.File{f})
	got := map[string]string{}
	for _, d := range f.Decls {
		spec := d.(*ast.GenDecl).Specs[0].(*ast.ValueSpec)
		lit, ok := spec.Values[0].(*ast.CompositeLit)
		if !ok { // k: the table in the struct's field
			outer := spec.Values[0].(*ast.UnaryExpr).X.(*ast.CompositeLit)
			if len(outer.Elts) != 2 {
				t.Errorf("k: the struct literal lost fields: %d", len(outer.Elts))
			}
			lit = outer.Elts[1].(*ast.KeyValueExpr).Value.(*ast.CompositeLit)
		}
		var b strings.Builder
		if err := printer.Fprint(&b, fset, lit.Type); err != nil {
			t.Fatal(err)
		}
		got[spec.Names[0].Name] = fmt.Sprintf("%s %d", b.String(), len(lit.Elts))
	}
	want := map[string]string{
		"a": "[17]int 0",        // the ellipsis becomes the length
		"b": "[4]T 0",           // nested literals of data
		"c": "map[string]int 0", // operators, constants, pkg.Name
		"d": "[]int 16",         // a call: left alone
		"e": "[...]int 16",      // keyed: the length is the largest key's, left alone
		"f": "T 16",             // a named type (a struct?): left alone
		"g": "[]int 3",          // small
		"h": "[]string 16",      // os.Args
		"i": "[]func() 16",      // a function literal
		"j": "[]chan int 16",    // a receive
		"k": "[16]byte 0",       // in a struct literal's field
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v\nwant %v", got, want)
	}

	dotted, err := parser.ParseFile(fset, "p.go", src, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	shrinkDataLiterals([]*ast.File{dotted})
	elements := func(i int) int {
		return len(dotted.Decls[i].(*ast.GenDecl).Specs[0].(*ast.ValueSpec).Values[0].(*ast.CompositeLit).Elts)
	}
	if a, c := elements(1), elements(3); a != 0 || c != 16 {
		t.Errorf("with a dot import: a has %d elements (want 0: numbers only), c %d (want 16: it names k)", a, c)
	}
}
