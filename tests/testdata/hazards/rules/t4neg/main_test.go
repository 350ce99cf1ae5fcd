package t4neg

import (
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	code := m.Run()
	if code == 0 && leaked() {
		code = 3
	}
	teardown()
	os.Exit(code)
}

func leaked() bool { return false }

func teardown() {}

func TestOK(t *testing.T) {}
