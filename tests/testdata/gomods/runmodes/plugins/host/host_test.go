package host

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

func TestLoadPlugin(t *testing.T) {
	if !CgoEnabled {
		t.Skip("plugin.Open needs cgo: this build has CGO_ENABLED=0; run the cgo or native mode with a C compiler")
	}
	out := filepath.Join(t.TempDir(), "greeter.so")
	gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
	build := exec.Command(gobin, "build", "-buildmode=plugin", "-o", out, "example.com/runmodes/plugins/greeter")
	if msg, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build -buildmode=plugin: %v\n%s", err, msg)
	}
	got, err := Load(out)
	if err != nil {
		t.Fatal(err)
	}
	if got != "hello from a plugin" {
		t.Fatalf("Greet() = %q", got)
	}
}
