package checks

import (
	"errors"
	"testing"

	"example.com/logfirst/fail"
)

func TestLoggerFails(t *testing.T) {
	t.Log("opening the logger")
	noError(t, closedLogger{}.Log("msg", "hello"))
}

// closedLogger is a go-kit style logger: its Log returns an error and prints nothing.
type closedLogger struct{}

func (closedLogger) Log(keyvals ...any) error { return errors.New("logger closed") }

func noError(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

func TestOtherPackagesHelper(t *testing.T) {
	t.Log("checking")
	fail.Positive(t, -2) // Go names fail/helper.go:8 "helper.go:8", as it would ./helper.go:8
}

func TestNested(t *testing.T) {
	t.Run("inner", func(t *testing.T) {
		t.Log("inner log")
		t.Run("deep", func(t *testing.T) {
			t.Error("deep error")
		})
	})
}

func TestSkipAfterLog(t *testing.T) {
	t.Log("looking for the service")
	t.Skip("no service here")
}
