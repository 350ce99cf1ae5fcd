package prune

import "time"

type clock struct{}

func (clock) wait() { time.Sleep(time.Millisecond) } // want "H10: var ready blocks: time.Sleep"

var ready = func() bool { tick(); return true }()

// Never reached from a root: its hazard is not reported, pruned or not.
func Serve() { time.Sleep(time.Second) }
