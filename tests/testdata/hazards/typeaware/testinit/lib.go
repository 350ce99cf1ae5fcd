package testinit

// T is passed between the external test and helper: both must see one testinit.
type T struct{ N int }
