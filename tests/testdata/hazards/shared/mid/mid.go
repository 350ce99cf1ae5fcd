package mid

import _ "example.com/shared/lib"
