package s

import (
	"os"
	"time"
)

func init() {
	go func() {}() //gotest:allow H5
	//gotest:allow H5 -- the line above the site
	go func() {}()
	//gotest:allow H1,H6
	_ = os.WriteFile("x", nil, 0o644)
	go func() {}() //gotest:allow H6 -- wrong id: H5 still reported
	time.Sleep(time.Millisecond) //gotest:allow
}

//gotest:allow H7 -- at the root: everything H7 from this init
func init() {
	os.Setenv("A", "1")
	setTZ()
}

func setTZ() { os.Setenv("TZ", "UTC") }

func init() {
	helper() //gotest:allow H9 -- at a call site on the chain
	os.Unsetenv("B") // H7: not suppressed
}

func helper() {
	_ = os.StartProcess
	p, _ := os.StartProcess("/bin/true", nil, &os.ProcAttr{})
	_ = p
}
