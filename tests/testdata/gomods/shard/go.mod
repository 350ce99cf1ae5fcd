module example.com/shard

go 1.22
