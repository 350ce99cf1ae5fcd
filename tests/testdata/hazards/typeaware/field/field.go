package field

import "net/http"

type app struct {
	srv *http.Server
}

func (a *app) start() {
	_ = a.srv.ListenAndServe() // H1: method on an *http.Server field
}

var the = &app{srv: &http.Server{Addr: ":8080"}}

func init() {
	the.start()
}
