package nomrun

import (
	"fmt"
	"testing"
)

func TestMain(m *testing.M) {
	fmt.Println("setting up, but never running the tests")
}

func TestTwo(t *testing.T) {
	if Two() != 2 {
		t.Fatal("2 expected")
	}
}
