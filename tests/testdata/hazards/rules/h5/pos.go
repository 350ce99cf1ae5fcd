package h5

import "time"

func init() {
	go func() {}() // H5
	time.AfterFunc(time.Hour, func() {}) // H5
}

var ticker = time.NewTicker(time.Second) // H5
