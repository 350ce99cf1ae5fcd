package jsonly

import (
	"syscall/js"
	"testing"
)

// Collected only in the wasm mode: the _js_test.go suffix is a build constraint.
func TestJSGlobal(t *testing.T) {
	if !js.Global().Get("Object").Truthy() {
		t.Fatal("no JavaScript Object in the global scope")
	}
	if Name() != "js" {
		t.Fatalf("Name() = %q", Name())
	}
}
