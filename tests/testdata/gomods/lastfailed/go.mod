module example.com/lastfailed

go 1.22
