package constarg

// The same function with a host: the lookup runs at init (reported on neg.go's line).
var remote = detect("db.example.com:6379")
