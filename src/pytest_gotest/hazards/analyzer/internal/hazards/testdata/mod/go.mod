// Test data of the hazards package: `// want "ID"` comments mark the lines where the
// analysis must report a finding of rule ID (see analysis_test.go). Not part of the analyzer
// module (a testdata directory), never built by it.
module example.com/want

go 1.22

require (
	example.com/flagdep v0.0.0
	github.com/sirupsen/logrus v0.0.0
	go.uber.org/goleak v0.0.0
	google.golang.org/grpc v0.0.0
)

// Stand-ins for the third-party callees of the rule table (the real modules are not
// needed: only their import paths and function names matter), and flagdep, another module
// whose init parses the command line. Directories starting with "_" are not part of ./... .
replace (
	example.com/flagdep => ./_fakes/flagdep
	github.com/sirupsen/logrus => ./_fakes/logrus
	go.uber.org/goleak => ./_fakes/goleak
	google.golang.org/grpc => ./_fakes/grpc
)
