package prune

import (
	"net"
	"time"
)

// Bodies that no init, var initialiser or TestMain can reach are dropped before
// type-checking (prune.go); these are the cases where a dropped body would have changed
// what is reported.

// A field assigned only in a method that nothing at init calls: its value still counts as
// unknown (as every assigned field's does), so the goroutine is reported.
type Options struct{ Idle int }

func (o *Options) SetIdle(n int) { o.Idle = n }

func fill() {}

func startPool(o *Options) {
	if o.Idle > 0 {
		go fill() // want "H5: init starts a goroutine or timer: go statement"
	}
}

func init() { startPool(&Options{}) }

// A package-level function variable assigned in a function that nothing at init calls: a
// call through the variable still reaches every value assigned to it.
var onStart = func() {}

func UseListener() { onStart = listen }

func listen() {
	ln, _ := net.Listen("tcp", "127.0.0.1:0") // want "H1: init listens on the network: net.Listen"
	_ = ln
}

func init() { onStart() }

// A method reached only as a method value in another file's var initialiser.
var tick = clock{}.wait

// A function literal held by a var runs when called through the var: its callees are kept.
var onStop = func() { drain() }

func drain() { time.Sleep(time.Millisecond) } // want "H10: init blocks: time.Sleep"

func init() { onStop() }

// A blank var's function literal is never called (the compile-time check idiom), and :=
// declares a local even where a package-level var has the name: neither keeps Serve.
var _ = func() { Serve() }

func Shadow() {
	onStart := Serve
	onStart()
}
