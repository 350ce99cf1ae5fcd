package field

// server has a ListenAndServe method, but it is not net/http's: no finding.
type server struct{}

func (server) ListenAndServe() error { return nil }

type holder struct{ srv server }

var h holder

func init() {
	_ = h.srv.ListenAndServe()
}
