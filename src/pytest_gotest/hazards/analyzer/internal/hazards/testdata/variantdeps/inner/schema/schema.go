package schema

import "example.com/vd"

// Doc holds tokens of the package under test.
type Doc struct{ Tokens []vd.Token }
