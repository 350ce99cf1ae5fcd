package exit0

import "os"

func init() {
	if os.Getenv("PLUGMOD_KEEP_RUNNING") == "" {
		os.Exit(0)
	}
}

func Answer() int { return 42 }
