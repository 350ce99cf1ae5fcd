package hazards

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"slices"
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
