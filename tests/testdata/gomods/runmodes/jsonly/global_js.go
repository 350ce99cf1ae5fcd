package jsonly

import (
	"log"
	"syscall/js"
)

// Built only for GOOS=js: the init-hazard analysis sees it only in the wasm mode's file set.
func init() {
	if !js.Global().Get("Object").Truthy() {
		log.Fatal("jsonly: no JavaScript global scope")
	}
}
