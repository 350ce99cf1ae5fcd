package tmreexec

func Main() {}
