// Test data of the hazards package: a package that does not type-check beside one that does.
module example.com/broken

go 1.22
