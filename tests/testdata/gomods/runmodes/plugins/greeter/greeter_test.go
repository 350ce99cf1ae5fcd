package main

import "testing"

func TestGreet(t *testing.T) {
	if Greet() != "hello from a plugin" {
		t.Fatal(Greet())
	}
}
