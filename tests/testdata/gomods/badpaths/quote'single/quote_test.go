package quote

import "testing"

func TestQuote(t *testing.T) { t.Log("TestQuote ran") }
