package good

import "time"

func init() {
	time.Sleep(time.Millisecond) // want "H10: time.Sleep"
}
