package varinit

import "database/sql"

var db = connect()

func connect() *sql.DB {
	d, err := sql.Open("postgres", "postgres://localhost/app")
	if err != nil {
		return nil
	}
	if err := d.Ping(); err != nil { // H2
		return nil
	}
	return d
}
