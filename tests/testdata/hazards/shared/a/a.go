package a

import _ "example.com/shared/lib"
