package alias

import (
	stdnet "net"
	. "os"
)

func init() {
	_, _ = stdnet.Dial("tcp", "db:5432") // H2: aliased import
	if Getenv("ALIAS_HOME") == "" {
		Exit(3) // H3: dot import
	}
}
