package alias

// A local function named like a hazard is not one.
type fakeLog struct{}

func (fakeLog) Fatal(...any) {}

var log fakeLog

func init() {
	log.Fatal("not the standard library")
}
