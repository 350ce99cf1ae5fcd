module example.com/depparsemod

go 1.22

require (
	example.com/flagdep v0.0.0
	example.com/guardeddep v0.0.0
)

replace (
	example.com/flagdep => ./flagdep
	example.com/guardeddep => ./guardeddep
)
