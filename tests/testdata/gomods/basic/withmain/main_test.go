package withmain

import (
	"fmt"
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	fmt.Println("setup withmain")
	os.Exit(m.Run())
}

func TestOne(t *testing.T) {
	t.Log("one")
}

func TestTwo(t *testing.T) {
	t.Log("two")
}
