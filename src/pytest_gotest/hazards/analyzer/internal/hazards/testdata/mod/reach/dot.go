package reach

import . "net"

func init() {
	_, _ = LookupTXT("example.com") // want "H2: init dials the network: net.LookupTXT"
}
