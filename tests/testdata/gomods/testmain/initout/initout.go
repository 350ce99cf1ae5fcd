// Package initout prints from init and TestMain; a failing test's report must show it.
package initout

import "fmt"

func init() {
	fmt.Println("initout: init says hello")
}
