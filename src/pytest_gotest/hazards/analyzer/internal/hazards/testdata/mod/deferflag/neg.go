// Package deferflag: cleanup deferred in a constructor that runs only when it fails.
package deferflag

import (
	"errors"
	"time"
)

type client struct {
	done chan struct{}
}

// Close starts a goroutine and waits for it: hazards at init, if it ran.
func (c *client) Close() error {
	go func() { c.done <- struct{}{} }()
	<-c.done
	time.Sleep(time.Millisecond)
	return nil
}

func dial() error { return nil }

// built is set before every normal return: the deferred Close runs only on failure.
func newClient() (*client, error) {
	c := &client{done: make(chan struct{})}
	built := false
	defer func() {
		if !built {
			_ = c.Close()
		}
	}()
	if err := dial(); err != nil {
		return nil, err
	}
	if err := dial(); err != nil {
		return nil, errors.New("second dial")
	}
	built = true
	return c, nil
}

var defaultClient, _ = newClient()

// The same with a named error result.
func openClient() (c *client, err error) {
	c = &client{done: make(chan struct{})}
	defer func() {
		if err != nil {
			_ = c.Close()
		}
	}()
	err = dial()
	return c, err
}

var openedClient, _ = openClient()

// A flag compared with false, in a function without results that sets it at the end.
func setup() {
	c := &client{done: make(chan struct{})}
	ok := false
	defer func() {
		if ok == false {
			_ = c.Close()
		}
	}()
	_ = dial()
	ok = true
}

func init() { setup() }
