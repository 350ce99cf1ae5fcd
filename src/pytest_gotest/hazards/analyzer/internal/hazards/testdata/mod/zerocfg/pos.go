package zerocfg

import "time"

type Config struct {
	Workers  int
	Interval time.Duration
}

func start() {}

// A constructor that fills in defaults: the field is assigned, its value is not known from
// the literal, and the goroutine is reported.
func newRunner(cfg *Config) {
	if cfg.Workers == 0 {
		cfg.Workers = 4
	}
	if cfg.Workers > 0 {
		go start() // want "H5: var runner starts a goroutine or timer: go statement"
	}
	if cfg.Interval == 0 {
		return
	}
	time.Sleep(cfg.Interval)
}

var runner = func() int { newRunner(&Config{}); return 0 }()

// The configuration asks for the background work.
func startIdle(opt *Options) {
	if opt.MinIdleConns > 0 {
		go fill() // want "H5: init starts a goroutine or timer: go statement"
	}
}

func init() { startIdle(&Options{MinIdleConns: 2}) }

// A function returning different values: its result is not known.
func pick(fast bool) *Options {
	if fast {
		return &Options{Heartbeat: true}
	}
	return &Options{}
}

func startPicked(fast bool) {
	opt := pick(fast)
	if opt.Heartbeat {
		go beat() // want "H5: init starts a goroutine or timer: go statement"
	}
}

func init() { startPicked(len(time.Now().String()) > 3) }
