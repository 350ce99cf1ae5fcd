// A module-local package listed only as a test-time recompilation (inner, "inner [vd.test]")
// whose own dependency (inner/schema) imports the package under test, so that go list gives
// its export data only for the variant (muktihari/xmltokenizer's internal/gpx). No findings
// and no errors expected.
module example.com/vd

go 1.22
