package big

import (
	"fmt"
	"os"
	"testing"
)

// setUp is true once TestMain ran: every test of the package checks it, so a test that
// passes in a split group shows that the group's binary ran TestMain.
var setUp bool

func TestMain(m *testing.M) {
	fmt.Println("big: TestMain setup")
	setUp = true
	os.Exit(m.Run())
}

func requireSetUp(t *testing.T) {
	t.Helper()
	if !setUp {
		t.Fatal("TestMain did not run")
	}
}
