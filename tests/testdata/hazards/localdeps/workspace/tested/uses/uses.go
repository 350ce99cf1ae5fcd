package uses

import "example.com/helper"

func Name() string { return helper.Name }
