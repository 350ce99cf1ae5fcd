package missingimport

import (
	"testing"

	"example.com/crashes/nosuchpackage"
)

func TestMissingImport(t *testing.T) {
	nosuchpackage.Use()
}
