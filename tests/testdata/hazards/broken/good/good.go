package good

import "time"

func init() {
	time.Sleep(time.Second) // H10
}
