// Package pkg sits three directories below the module root.
package pkg
