package d_test

import (
	"testing"

	_ "example.com/shared/lib"
)

func TestD(t *testing.T) {}
