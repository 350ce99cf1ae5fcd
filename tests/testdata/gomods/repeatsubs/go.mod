module example.com/repeatsubs

go 1.22
