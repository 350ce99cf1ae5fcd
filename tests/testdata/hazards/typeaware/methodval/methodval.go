package methodval

import "net/http"

var srv = &http.Server{Addr: "127.0.0.1:0"}

func init() {
	serve := srv.ListenAndServe // method value
	_ = serve()                 // H1 (reported at the call)
}

func init() {
	notCalled := srv.ListenAndServe
	_ = notCalled
}

var shutdown = srv.Close
