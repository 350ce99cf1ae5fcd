package action

func Plain(x int) int {
	if x > 0 {
		return 1
	}
	return 2
}

func Action(x int) int {
	switch x {
	case 1:
//line grammar.y:4
		{
			return 10
		}
	}
	return 0
}
