// Package grpc stands in for google.golang.org/grpc: the signatures the rule table names.
package grpc

type ClientConn struct{}

func Dial(target string) (*ClientConn, error) { return &ClientConn{}, nil }

type Server struct{}

func NewServer() *Server { return &Server{} }

func (s *Server) Serve(lis any) error { return nil }
