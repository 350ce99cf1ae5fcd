package moves

import (
	"testing"

	"example.com/subtests/assert"
)

func TestOtherPackageHelper(t *testing.T) {
	assert.Positive(t, Step(0, "down"))
}
