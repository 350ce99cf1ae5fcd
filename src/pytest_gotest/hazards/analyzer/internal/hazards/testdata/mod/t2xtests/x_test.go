package t2xtests_test

import "testing"

func TestX(t *testing.T) {}
