// Package tagged is only tested with -tags=integration.
package tagged
