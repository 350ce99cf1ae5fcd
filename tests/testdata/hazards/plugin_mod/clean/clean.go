package clean

import "regexp"

var word = regexp.MustCompile(`\w+`)

func Words(s string) []string { return word.FindAllString(s, -1) }
