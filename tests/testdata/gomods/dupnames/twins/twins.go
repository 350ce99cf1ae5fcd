package twins

// Half halves n.
func Half(n int) int { return n / 2 }
