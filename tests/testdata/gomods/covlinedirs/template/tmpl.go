package template

var table = func() int { return len("ab") }()

func Own() int { return table }
