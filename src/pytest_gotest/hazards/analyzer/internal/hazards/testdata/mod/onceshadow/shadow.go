// Package onceshadow: a value named sync whose OnceFunc never calls its argument is not the
// standard library's (no finding: nothing dials).
package onceshadow

import "net"

type lazy struct{}

func (lazy) OnceFunc(f func()) func() { return func() {} }

var sync = lazy{}

func dial() { net.Dial("tcp", "db.example.com:5432") }

var run = sync.OnceFunc(dial)

func init() { run() }
