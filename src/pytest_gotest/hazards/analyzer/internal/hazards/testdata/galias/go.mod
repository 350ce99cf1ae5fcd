// A generic type alias (Go 1.24) in a dependency's export data: go/importer reads it only
// with aliases materialised (GODEBUG gotypesalias=1). No findings expected. The dependency
// is another module (_dep), so that the analysis imports it rather than checking its source.
module example.com/galias

go 1.24

require example.com/dep v0.0.0

replace example.com/dep => ./_dep
