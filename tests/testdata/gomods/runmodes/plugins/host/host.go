// Package host loads the greeter plugin.
package host

import (
	"fmt"
	"plugin"
)

// Load opens a plugin built from ../greeter and calls its Greet.
func Load(path string) (string, error) {
	p, err := plugin.Open(path)
	if err != nil {
		return "", err
	}
	sym, err := p.Lookup("Greet")
	if err != nil {
		return "", err
	}
	greet, ok := sym.(func() string)
	if !ok {
		return "", fmt.Errorf("Greet is a %T", sym)
	}
	return greet(), nil
}
