package initout

import (
	"fmt"
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	fmt.Println("initout: TestMain setup done")
	code := m.Run()
	fmt.Println("initout: TestMain teardown done")
	os.Exit(code)
}

func TestPasses(t *testing.T) {}

func TestFails(t *testing.T) {
	t.Error("initout failure")
}
