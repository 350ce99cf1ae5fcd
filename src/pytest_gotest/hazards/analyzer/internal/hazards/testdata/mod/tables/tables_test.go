package tables

import "testing"

func TestTables(t *testing.T) {}
