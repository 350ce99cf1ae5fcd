// Package tagged has a test file guarded by a build tag.
package tagged
