// Command greeter is built with -buildmode=plugin and loaded with plugin.Open. Its code is
// tested like any package: go test builds a main package's tests natively.
package main

// Greet is the symbol a host looks up.
func Greet() string { return "hello from a plugin" }

func main() {}
