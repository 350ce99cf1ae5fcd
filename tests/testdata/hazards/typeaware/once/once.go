package once

import (
	"net"
	"sync"
)

var (
	once     sync.Once
	lazyOnce sync.Once
)

func connect() { _, _ = net.Dial("tcp", "cache:6379") } // H2: once.Do(connect) runs it now

func lazyConnect() { _, _ = net.Dial("tcp", "cache:6380") }

func init() {
	once.Do(connect)
}

// Get connects on first use: not at init.
func Get() { lazyOnce.Do(lazyConnect) }
