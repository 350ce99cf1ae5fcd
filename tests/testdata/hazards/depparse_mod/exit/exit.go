// Package exit exits in its init when DEPPARSE_REQUIRED is not set (H3), but flagdep's init
// runs first.
package exit

import (
	"log"
	"os"

	"example.com/flagdep"
)

func init() {
	if os.Getenv("DEPPARSE_REQUIRED") == "" {
		log.Fatal("DEPPARSE_REQUIRED is not set")
	}
}

func Verbose() bool { return *flagdep.Verbose }
