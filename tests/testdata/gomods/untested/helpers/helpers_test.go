package helpers

func checkDouble() bool { return Double(2) == undefinedFour }
