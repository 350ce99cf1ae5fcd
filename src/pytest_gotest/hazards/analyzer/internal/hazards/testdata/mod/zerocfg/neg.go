// Package zerocfg: code behind conditions that the zero configuration built at init (or a
// constant) decides.
package zerocfg

import "time"

type Options struct {
	Addr         string
	MinIdleConns int
	Heartbeat    bool
	Cache        *cache
	PoolSize     int
}

type cache struct{}

func fill()  {}
func beat()  {}
func clean() {}

type pool struct{ opt *Options }

func newPool(opt *Options) *pool {
	p := &pool{opt: opt}
	if opt.MinIdleConns > 0 {
		go fill()
	}
	if opt.Heartbeat {
		go beat()
	}
	if !isNil(opt.Cache) {
		go clean()
	}
	checkIdle(opt)
	return p
}

// An early return decided by the zero value.
func checkIdle(opt *Options) {
	if opt.MinIdleConns == 0 {
		return
	}
	time.Sleep(time.Millisecond)
}

func isNil(c *cache) bool {
	if c == nil {
		return true
	}
	return false
}

var defaultPool = newPool(&Options{Addr: "localhost:6379"})

// A local variable holding the literal.
func init() {
	opts := &Options{Addr: "x"}
	newPool(opts)
}

// A constant condition.
const debug = false

func init() {
	if debug {
		go beat()
	}
}

// A copy made by a clone method keeps what is known (a value returned by a local function:
// every return reached returns the same known value).
func (o *Options) clone() *Options {
	c := *o
	return &c
}

func newClonedPool(opt *Options) {
	opt = opt.clone()
	if opt.Heartbeat {
		go beat()
	}
}

func init() { newClonedPool(&Options{Addr: "x"}) }

// Through a method's receiver, a field of a field.
type worker struct{ cfg *Options }

func (wk *worker) run() {
	if wk.cfg.Heartbeat {
		go beat()
	}
}

func init() {
	wk := &worker{cfg: &Options{Addr: "x"}}
	wk.run()
}
