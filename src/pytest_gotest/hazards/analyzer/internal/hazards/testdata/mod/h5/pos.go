package h5

import "time"

func loop() {}

func init() {
	go loop()                           // want "H5: init starts a goroutine or timer: go statement"
	time.AfterFunc(time.Hour, loop)     // want "H5: time.AfterFunc"
	ticker := time.NewTicker(time.Hour) // want "H5: time.NewTicker"
	_ = ticker
}

var tick = time.Tick(time.Hour) // want "H5: var tick starts a goroutine or timer: time.Tick"
