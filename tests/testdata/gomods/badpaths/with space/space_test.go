package space

import "testing"

func TestSpace(t *testing.T) { t.Log("TestSpace ran") }
