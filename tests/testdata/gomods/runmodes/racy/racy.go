// Package racy has a data race that only the race mode catches.
package racy
