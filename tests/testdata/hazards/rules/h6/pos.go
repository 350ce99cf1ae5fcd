package h6

import "os"

func init() {
	_ = os.WriteFile("state.json", nil, 0o644) // H6
	f, _ := os.OpenFile("app.log", os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644) // H6
	_ = f
}
