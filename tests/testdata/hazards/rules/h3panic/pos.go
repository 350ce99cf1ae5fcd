package h3panic

func init() {
	panic("unconditional") // H3
}
