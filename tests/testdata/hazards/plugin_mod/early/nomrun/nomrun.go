package nomrun

func Two() int { return 2 }
