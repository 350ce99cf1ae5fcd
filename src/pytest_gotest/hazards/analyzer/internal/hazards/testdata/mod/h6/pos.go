package h6

import "os"

func init() {
	_ = os.WriteFile("h6.txt", nil, 0o644)                        // want "H6: init writes to the file system: os.WriteFile"
	f, _ := os.OpenFile("h6.log", os.O_CREATE|os.O_WRONLY, 0o644) // want "H6: os.OpenFile"
	_ = f
	_ = os.MkdirAll("h6/cache", 0o755) // want "H6: os.MkdirAll"
	_ = os.Remove("h6.tmp")            // want "H6: os.Remove"
}
