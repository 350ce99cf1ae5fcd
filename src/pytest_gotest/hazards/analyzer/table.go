package main

import (
	"go/types"
)

// callRule maps a callee, keyed by funcKey, to the rule it triggers.
// Keys: "pkgpath.Func" for functions, "pkgpath.Type.Method" for methods (pointer or value
// receiver alike).
var callRules = map[string]string{}

func addRule(rule string, keys ...string) {
	for _, k := range keys {
		callRules[k] = rule
	}
}

func init() {
	addRule("H1",
		"net.Listen", "net.ListenPacket", "net.ListenTCP", "net.ListenUDP", "net.ListenUnix",
		"net.ListenUnixgram", "net.ListenIP", "net.ListenMulticastUDP",
		"net.ListenConfig.Listen", "net.ListenConfig.ListenPacket",
		"net/http.ListenAndServe", "net/http.ListenAndServeTLS", "net/http.Serve", "net/http.ServeTLS",
		"net/http.Server.ListenAndServe", "net/http.Server.ListenAndServeTLS",
		"net/http.Server.Serve", "net/http.Server.ServeTLS",
		"net/http/httptest.NewServer", "net/http/httptest.NewTLSServer",
		"net/http/httptest.Server.StartTLS",
		"crypto/tls.Listen", "net/rpc.Server.Accept", "net/rpc.Accept",
		"google.golang.org/grpc.Server.Serve",
		"github.com/gin-gonic/gin.Engine.Run", "github.com/gin-gonic/gin.Engine.RunTLS",
		"github.com/gin-gonic/gin.Engine.RunUnix", "github.com/labstack/echo/v4.Echo.Start",
	)
	addRule("H2",
		"net.Dial", "net.DialTimeout", "net.DialTCP", "net.DialUDP", "net.DialIP", "net.DialUnix",
		"net.Dialer.Dial", "net.Dialer.DialContext",
		"net.LookupHost", "net.LookupIP", "net.LookupAddr", "net.LookupCNAME", "net.LookupMX",
		"net.LookupNS", "net.LookupSRV", "net.LookupTXT", "net.LookupPort",
		"net.Resolver.LookupHost", "net.Resolver.LookupIP", "net.Resolver.LookupIPAddr",
		"net.Resolver.LookupAddr", "net.Resolver.LookupCNAME", "net.Resolver.LookupMX",
		"net.Resolver.LookupNS", "net.Resolver.LookupSRV", "net.Resolver.LookupTXT",
		"net/http.Get", "net/http.Head", "net/http.Post", "net/http.PostForm",
		"net/http.Client.Do", "net/http.Client.Get", "net/http.Client.Head",
		"net/http.Client.Post", "net/http.Client.PostForm",
		"net/http.Transport.RoundTrip",
		"database/sql.DB.Ping", "database/sql.DB.PingContext", "database/sql.DB.Exec",
		"database/sql.DB.ExecContext", "database/sql.DB.Query", "database/sql.DB.QueryContext",
		"database/sql.DB.QueryRow", "database/sql.DB.QueryRowContext", "database/sql.DB.Begin",
		"database/sql.DB.BeginTx", "database/sql.DB.Conn",
		"crypto/tls.Dial", "crypto/tls.DialWithDialer", "crypto/tls.Dialer.Dial",
		"crypto/tls.Dialer.DialContext",
		"net/smtp.Dial", "net/smtp.SendMail", "net/rpc.Dial", "net/rpc.DialHTTP",
		"net/rpc.DialHTTPPath", "net/textproto.Dial",
		"google.golang.org/grpc.Dial", "google.golang.org/grpc.DialContext",
		"google.golang.org/grpc.NewClient",
	)
	addRule("H3",
		"os.Exit", "syscall.Exit", "runtime.Goexit",
		"log.Fatal", "log.Fatalf", "log.Fatalln", "log.Panic", "log.Panicf", "log.Panicln",
		"log.Logger.Fatal", "log.Logger.Fatalf", "log.Logger.Fatalln",
		"log.Logger.Panic", "log.Logger.Panicf", "log.Logger.Panicln",
	)
	for _, p := range []string{"k8s.io/klog", "k8s.io/klog/v2", "github.com/golang/glog"} {
		addRule("H3", p+".Fatal", p+".Fatalf", p+".Fatalln", p+".Exit", p+".Exitf", p+".Exitln")
	}
	for _, p := range []string{"github.com/sirupsen/logrus"} {
		for _, recv := range []string{"", "Logger.", "Entry."} {
			for _, m := range []string{"Fatal", "Fatalf", "Fatalln", "Panic", "Panicf", "Panicln"} {
				addRule("H3", p+"."+recv+m)
			}
		}
	}
	addRule("H3", "go.uber.org/zap.Logger.Fatal", "go.uber.org/zap.Logger.Panic",
		"go.uber.org/zap.SugaredLogger.Fatal", "go.uber.org/zap.SugaredLogger.Fatalf",
		"go.uber.org/zap.SugaredLogger.Fatalw", "go.uber.org/zap.SugaredLogger.Panic",
		"go.uber.org/zap.SugaredLogger.Panicf", "go.uber.org/zap.SugaredLogger.Panicw")
	addRule("H4",
		"flag.Parse", "github.com/spf13/pflag.Parse",
		"github.com/spf13/cobra.Command.Execute", "github.com/spf13/cobra.Command.ExecuteC",
		"github.com/spf13/cobra.Command.ExecuteContext", "github.com/spf13/cobra.Command.ExecuteContextC",
		"github.com/urfave/cli.App.Run", "github.com/urfave/cli/v2.App.Run",
	)
	addRule("H5", "time.AfterFunc", "time.NewTicker", "time.Tick")
	addRule("H6",
		"os.Create", "os.WriteFile", "os.Mkdir", "os.MkdirAll", "os.MkdirTemp", "os.CreateTemp",
		"os.Remove", "os.RemoveAll", "os.Rename", "os.Symlink", "os.Link", "os.Chmod", "os.Chown",
		"os.Lchown", "os.Chtimes", "os.Truncate",
		"io/ioutil.WriteFile", "io/ioutil.TempFile", "io/ioutil.TempDir",
		"syscall.Mkdir", "syscall.Unlink", "syscall.Rmdir", "syscall.Rename",
	)
	// os.OpenFile is H6 only with a write flag: see writeFlags.
	addRule("H7",
		"os.Setenv", "os.Unsetenv", "os.Clearenv", "os.Chdir", "syscall.Setenv", "syscall.Unsetenv",
		"syscall.Clearenv", "syscall.Chdir", "syscall.Umask",
		"runtime.GOMAXPROCS", "runtime/debug.SetGCPercent", "runtime/debug.SetMemoryLimit",
		"runtime/debug.SetMaxStack", "runtime/debug.SetMaxThreads", "runtime/debug.SetPanicOnFault",
		"runtime/debug.SetTraceback",
		"log.SetOutput", "log/slog.SetDefault", "log/slog.SetLogLoggerLevel",
		"math/rand.Seed",
	)
	addRule("H8", "os/signal.Notify", "os/signal.Ignore", "os/signal.Reset", "os/signal.NotifyContext")
	addRule("H9",
		"os/exec.Cmd.Run", "os/exec.Cmd.Start", "os/exec.Cmd.Output", "os/exec.Cmd.CombinedOutput",
		"os.StartProcess", "syscall.Exec", "syscall.ForkExec", "syscall.StartProcess",
	)
	addRule("H10", "time.Sleep", "sync.WaitGroup.Wait", "sync.Cond.Wait")
}

// globalVarRules: assigning to these package variables changes process-global state (H7).
var globalVarRules = map[string]bool{
	"time.Local": true, "os.Stdout": true, "os.Stderr": true, "os.Stdin": true,
	"net/http.DefaultClient": true, "net/http.DefaultTransport": true,
}

// funcKey names a function or method independently of pointer receivers and instantiation.
func funcKey(fn *types.Func) string {
	fn = fn.Origin()
	if fn.Pkg() == nil {
		return fn.Name()
	}
	sig, _ := fn.Type().(*types.Signature)
	if sig != nil && sig.Recv() != nil {
		t := sig.Recv().Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		switch n := types.Unalias(t).(type) {
		case *types.Named:
			return fn.Pkg().Path() + "." + n.Obj().Name() + "." + fn.Name()
		default:
			return fn.Pkg().Path() + ".?." + fn.Name()
		}
	}
	return fn.Pkg().Path() + "." + fn.Name()
}

// funcDisplay is the human readable name of a callee: "net.Listen", "(*http.Server).Serve".
func funcDisplay(fn *types.Func, from *types.Package) string {
	fn = fn.Origin()
	qual := ""
	if fn.Pkg() != nil && fn.Pkg() != from {
		qual = fn.Pkg().Name() + "."
	}
	sig, _ := fn.Type().(*types.Signature)
	if sig != nil && sig.Recv() != nil {
		t := sig.Recv().Type()
		star := ""
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
			star = "*"
		}
		name := "?"
		if n, ok := types.Unalias(t).(*types.Named); ok {
			name = n.Obj().Name()
		}
		if star == "" {
			return qual + name + "." + fn.Name()
		}
		return "(" + star + qual + name + ")." + fn.Name()
	}
	return qual + fn.Name()
}

func varKey(v *types.Var) string {
	if v.Pkg() == nil {
		return v.Name()
	}
	return v.Pkg().Path() + "." + v.Name()
}

func isPkgLevel(v *types.Var) bool {
	return v.Pkg() != nil && v.Parent() == v.Pkg().Scope()
}
