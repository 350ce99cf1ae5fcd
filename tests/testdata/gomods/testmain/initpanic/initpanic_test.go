package initpanic

import "testing"

var registry = map[string]bool{}

func register(name string) {
	if registry[name] {
		panic("initpanic: " + name + " registered twice")
	}
	registry[name] = true
}

func init() {
	register("alpha")
	register("alpha")
}

func TestA(t *testing.T) {}
