package h2

import "net/http"

var resp, _ = http.Get("http://example.com/") // H2
