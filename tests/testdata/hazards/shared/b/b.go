package b

import _ "example.com/shared/mid"
