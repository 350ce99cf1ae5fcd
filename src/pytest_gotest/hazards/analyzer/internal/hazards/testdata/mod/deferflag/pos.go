package deferflag

import "time"

type conn struct{}

func (conn) Close() {
	go time.Sleep(0) // want "H5: var defaultConn starts a goroutine or timer: go statement"
}

// One normal return does not set the flag: on that path the cleanup runs at init.
func newConn(fast bool) *conn {
	c := &conn{}
	built := false
	defer func() {
		if !built {
			c.Close()
		}
	}()
	if fast {
		return c
	}
	built = true
	return c
}

var defaultConn = newConn(true)
