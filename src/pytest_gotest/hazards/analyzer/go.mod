module pytest-gotest/hazards/analyzer

go 1.22
