// Package vetprintf compiles, but go vet's printf check (part of go test) rejects its test.
package vetprintf
