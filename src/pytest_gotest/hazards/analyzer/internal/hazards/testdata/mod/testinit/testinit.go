package testinit

func Value() int { return 1 }
