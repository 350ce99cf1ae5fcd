package testinit
