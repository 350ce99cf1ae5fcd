package broken

import "testing"

// The package does not compile: its first shard's build fails, and the other shards take that
// result instead of building (and failing) again.

func TestB1(t *testing.T) {}

func TestB2(t *testing.T) { undefinedHelper() }

func TestB3(t *testing.T) {}
