// Which package-level table a name in a file stands for (tablesTouched): a bare name is its
// own package's (or a dot-imported package's), `pkg.Name` the imported package's. Tables of
// different packages that share a name are different tables: a change to one must not stop
// an init's range over the other from being followed.

package hazards

import (
	"go/ast"
	"strconv"
	"strings"
)

// filePkg: the package a file belongs to and the module-local packages it imports.
type filePkg struct {
	path    string            // its package's path ("p"; "p_test" for an external test file)
	imports map[string]string // the name it gives each module-local package it imports -> path
	dots    []string          // module-local packages it imports with `.`
}

// anyPackage stands for the package of a name whose file is not known: such a name touches
// the tables of that name in every package.
const anyPackage = "*"

// tableKey: a table's key, varKey's form ("path.name").
func tableKey(path, name string) string { return path + "." + name }

// filePackages: each local file's filePkg, from the units that hold it (a base file is in its
// package's test unit too, with the same path).
func (prog *program) filePackages() map[*ast.File]filePkg {
	var units []*unit
	for _, u := range prog.base {
		units = append(units, u)
	}
	for _, us := range prog.tests {
		units = append(units, us...)
	}
	names := map[string]string{} // package path -> the name its package clause gives
	for _, u := range units {
		for _, f := range u.files {
			names[u.path] = f.Name.Name
		}
	}
	out := map[*ast.File]filePkg{}
	for _, u := range units {
		for _, f := range u.files {
			if _, done := out[f]; done {
				continue
			}
			fp := filePkg{path: u.path, imports: map[string]string{}}
			for _, imp := range f.Imports {
				path, err := strconv.Unquote(imp.Path.Value)
				name, local := names[path]
				if err != nil || !local {
					continue // not the module's: it declares none of the module's tables
				}
				if imp.Name != nil {
					name = imp.Name.Name
				}
				switch name {
				case ".":
					fp.dots = append(fp.dots, path)
				case "_":
				default:
					fp.imports[name] = path
				}
			}
			out[f] = fp
		}
	}
	return out
}

// touchName marks the tables a bare name in a file of fp may be (fp nil: any package's).
func touchName(fp *filePkg, name string, touched map[string]bool) {
	if fp == nil {
		touched[tableKey(anyPackage, name)] = true
		return
	}
	touched[tableKey(fp.path, name)] = true
	for _, p := range fp.dots {
		touched[tableKey(p, name)] = true
	}
}

// touchQualified marks the table `x.name` may be: the package x names when x is an import
// of a module-local package; none when it is not (a field or a method, never a package-level
// var); any package's when the file is not known.
func touchQualified(fp *filePkg, x ast.Expr, name string, touched map[string]bool) {
	if fp == nil {
		touched[tableKey(anyPackage, name)] = true
		return
	}
	if id, ok := x.(*ast.Ident); ok {
		if path, ok := fp.imports[id.Name]; ok {
			touched[tableKey(path, name)] = true
		}
	}
}

// linknamedTables marks the tables a file's //go:linkname directives may give another name
// (`//go:linkname local path.name`): changed through that name, they are not by theirs.
func linknamedTables(f *ast.File, fp *filePkg, tables, touched map[string]bool) {
	for _, group := range f.Comments {
		for _, c := range group.List {
			fields := strings.Fields(c.Text)
			if len(fields) < 2 || fields[0] != "//go:linkname" {
				continue
			}
			if tables[fields[1]] {
				touchName(fp, fields[1], touched)
			}
			if len(fields) >= 3 {
				if i := strings.LastIndex(fields[2], "."); i > 0 && tables[fields[2][i+1:]] {
					touched[tableKey(fields[2][:i], fields[2][i+1:])] = true
				}
			}
		}
	}
}

// tableTouched: the table of key (varKey) and name is used by code that can run other than
// by reading its elements (tablesTouched), through its own name or any.
func (prog *program) tableTouched(key, name string) bool {
	return prog.tablesTouched[key] || prog.tablesTouched[tableKey(anyPackage, name)]
}
