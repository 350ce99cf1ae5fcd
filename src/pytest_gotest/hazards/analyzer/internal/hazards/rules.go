package hazards

// Rule is one hazard class. Ids are stable: users suppress findings by id, and the Python
// side keeps a copy of the exported fields (findings.py RULES) that a test compares with
// `gotest-hazards -rules -json`.
type Rule struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Why   string `json:"why"`
	// Fix is what to do instead (one line; docs/init-hazards.md has the long form).
	Fix string `json:"fix"`
	// verb completes "<root> <verb>: <call>" in a finding's message.
	verb string
	// calls are the callees whose call is this hazard, by funcKey: "pkgpath.Func" for
	// functions, "pkgpath.Type.Method" for methods (pointer or value receiver alike). Rules
	// found from the syntax (go statements, channel operations, os.Args, assignments to
	// globalVarRules, os.OpenFile with write flags, panic) have them in walk.go instead.
	calls []string
}

// rules is the rule table, in the order users see it. It is a literal (not assembled at
// start-up) so that reading it is all it takes to know what is matched.
var rules = []Rule{
	{ID: "H1", Title: "network listener at init",
		Why:  "every test binary runs it, also for -list, whether its tests need the server or not; on a fixed port, go test's package binaries running in parallel (-p) collide and the second dies before any test",
		Fix:  "start servers where they are used (main, a constructor the tests call, TestMain, or the test itself: httptest.NewServer in a test picks a free port)",
		verb: "listens on the network",
		calls: []string{
			"net.Listen", "net.ListenPacket", "net.ListenTCP", "net.ListenUDP", "net.ListenUnix",
			"net.ListenUnixgram", "net.ListenIP", "net.ListenMulticastUDP",
			"net.ListenConfig.Listen", "net.ListenConfig.ListenPacket",
			"net/http.ListenAndServe", "net/http.ListenAndServeTLS", "net/http.Serve", "net/http.ServeTLS",
			"net/http.Server.ListenAndServe", "net/http.Server.ListenAndServeTLS",
			"net/http.Server.Serve", "net/http.Server.ServeTLS",
			"net/http/httptest.NewServer", "net/http/httptest.NewTLSServer",
			// NewUnstartedServer listens already (Start only serves).
			"net/http/httptest.NewUnstartedServer",
			"net/http/httptest.Server.Start", "net/http/httptest.Server.StartTLS",
			"crypto/tls.Listen", "net/rpc.Server.Accept", "net/rpc.Accept",
			"google.golang.org/grpc.Server.Serve",
			"github.com/gin-gonic/gin.Engine.Run", "github.com/gin-gonic/gin.Engine.RunTLS",
			"github.com/gin-gonic/gin.Engine.RunUnix", "github.com/labstack/echo/v4.Echo.Start",
		}},
	{ID: "H2", Title: "network dial or client at init",
		Why:  "an external service is contacted at import time: flaky, slow, not bounded by -timeout, and it runs even for -list",
		Fix:  "connect lazily (sync.Once or a constructor) so that only code that needs the connection opens it; inject a fake in tests",
		verb: "dials the network",
		calls: []string{
			"net.Dial", "net.DialTimeout", "net.DialTCP", "net.DialUDP", "net.DialIP", "net.DialUnix",
			"net.Dialer.Dial", "net.Dialer.DialContext",
			"net.LookupHost", "net.LookupIP", "net.LookupAddr", "net.LookupCNAME", "net.LookupMX",
			"net.LookupNS", "net.LookupSRV", "net.LookupTXT", "net.LookupPort",
			"net.Resolver.LookupHost", "net.Resolver.LookupIP", "net.Resolver.LookupIPAddr",
			"net.Resolver.LookupAddr", "net.Resolver.LookupCNAME", "net.Resolver.LookupMX",
			"net.Resolver.LookupNS", "net.Resolver.LookupSRV", "net.Resolver.LookupTXT",
			"net.Resolver.LookupNetIP", "net.Resolver.LookupPort",
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
		}},
	// H3 also covers the builtin panic (walk.go). Whether an exit is reported depends on
	// its kind and path: see reportedExit.
	{ID: "H3", Title: "process exit at init",
		Why:  "the test binary dies before any test runs: the package fails without test events, and os.Exit(0) is a false pass with zero tests",
		Fix:  "return errors from a constructor; keep log.Fatal/os.Exit in main",
		verb: "exits the process",
		calls: []string{
			"os.Exit", "syscall.Exit", "runtime.Goexit",
			"log.Fatal", "log.Fatalf", "log.Fatalln", "log.Panic", "log.Panicf", "log.Panicln",
			"log.Logger.Fatal", "log.Logger.Fatalf", "log.Logger.Fatalln",
			"log.Logger.Panic", "log.Logger.Panicf", "log.Logger.Panicln",
			"k8s.io/klog.Fatal", "k8s.io/klog.Fatalf", "k8s.io/klog.Fatalln",
			"k8s.io/klog.Exit", "k8s.io/klog.Exitf", "k8s.io/klog.Exitln",
			"k8s.io/klog/v2.Fatal", "k8s.io/klog/v2.Fatalf", "k8s.io/klog/v2.Fatalln",
			"k8s.io/klog/v2.Exit", "k8s.io/klog/v2.Exitf", "k8s.io/klog/v2.Exitln",
			"github.com/golang/glog.Fatal", "github.com/golang/glog.Fatalf", "github.com/golang/glog.Fatalln",
			"github.com/golang/glog.Exit", "github.com/golang/glog.Exitf", "github.com/golang/glog.Exitln",
			"github.com/sirupsen/logrus.Fatal", "github.com/sirupsen/logrus.Fatalf",
			"github.com/sirupsen/logrus.Fatalln", "github.com/sirupsen/logrus.Panic",
			"github.com/sirupsen/logrus.Panicf", "github.com/sirupsen/logrus.Panicln",
			"github.com/sirupsen/logrus.Logger.Fatal", "github.com/sirupsen/logrus.Logger.Fatalf",
			"github.com/sirupsen/logrus.Logger.Fatalln", "github.com/sirupsen/logrus.Logger.Panic",
			"github.com/sirupsen/logrus.Logger.Panicf", "github.com/sirupsen/logrus.Logger.Panicln",
			"github.com/sirupsen/logrus.Entry.Fatal", "github.com/sirupsen/logrus.Entry.Fatalf",
			"github.com/sirupsen/logrus.Entry.Fatalln", "github.com/sirupsen/logrus.Entry.Panic",
			"github.com/sirupsen/logrus.Entry.Panicf", "github.com/sirupsen/logrus.Entry.Panicln",
			"go.uber.org/zap.Logger.Fatal", "go.uber.org/zap.Logger.Panic",
			"go.uber.org/zap.SugaredLogger.Fatal", "go.uber.org/zap.SugaredLogger.Fatalf",
			"go.uber.org/zap.SugaredLogger.Fatalw", "go.uber.org/zap.SugaredLogger.Panic",
			"go.uber.org/zap.SugaredLogger.Panicf", "go.uber.org/zap.SugaredLogger.Panicw",
		}},
	// H4 also covers reading os.Args (other than os.Args[0]).
	{ID: "H4", Title: "flag.Parse or os.Args at init",
		Why:  "runs before the testing flags are registered: 'flag provided but not defined: -test.paniconexit0' breaks the test binary; os.Args holds -test.* flags",
		Fix:  "call flag.Parse() in main (or in TestMain); read flags through their variables after parsing",
		verb: "parses command-line flags",
		calls: []string{
			"flag.Parse", "github.com/spf13/pflag.Parse",
			"github.com/spf13/cobra.Command.Execute", "github.com/spf13/cobra.Command.ExecuteC",
			"github.com/spf13/cobra.Command.ExecuteContext", "github.com/spf13/cobra.Command.ExecuteContextC",
			"github.com/urfave/cli.App.Run", "github.com/urfave/cli/v2.App.Run",
		}},
	// H5 also covers go statements.
	{ID: "H5", Title: "goroutine or timer started at init",
		Why:   "it outlives and leaks across every test, races with TestMain, and its output is attributed to whichever test is running",
		Fix:   "start background work from a constructor or Start method that tests can stop, or guard it with if testing.Testing() { return }",
		verb:  "starts a goroutine or timer",
		calls: []string{"time.AfterFunc", "time.NewTicker", "time.Tick"}},
	// H6 also covers os.OpenFile with a write flag (see writeFlags).
	{ID: "H6", Title: "file-system write at init",
		Why:  "concurrently running test binaries collide, the module directory may be read-only, and the side effect vanishes on test-cache hits",
		Fix:  "write lazily when needed; in tests use t.TempDir()",
		verb: "writes to the file system",
		calls: []string{
			"os.Create", "os.WriteFile", "os.Mkdir", "os.MkdirAll", "os.MkdirTemp", "os.CreateTemp",
			"os.Remove", "os.RemoveAll", "os.Rename", "os.Symlink", "os.Link", "os.Chmod", "os.Chown",
			"os.Lchown", "os.Chtimes", "os.Truncate", "os.CopyFS",
			// Go 1.24's os.Root: the same writes, inside a root directory.
			"os.Root.Create", "os.Root.Mkdir", "os.Root.MkdirAll", "os.Root.Remove",
			"os.Root.RemoveAll", "os.Root.Rename", "os.Root.WriteFile", "os.Root.Symlink",
			"os.Root.Link", "os.Root.Chmod", "os.Root.Chown", "os.Root.Lchown", "os.Root.Chtimes",
			"io/ioutil.WriteFile", "io/ioutil.TempFile", "io/ioutil.TempDir",
			"syscall.Mkdir", "syscall.Unlink", "syscall.Rmdir", "syscall.Rename",
		}},
	// H7 also covers assignments to the variables of globalVarRules.
	{ID: "H7", Title: "process-global state changed at init",
		Why:  "it leaks into every test and subprocess, conflicts with t.Setenv/t.Chdir, and is invisible to the test cache",
		Fix:  "pass configuration explicitly; in tests use t.Setenv/t.Chdir",
		verb: "changes process-global state",
		calls: []string{
			"os.Setenv", "os.Unsetenv", "os.Clearenv", "os.Chdir", "syscall.Setenv", "syscall.Unsetenv",
			"syscall.Clearenv", "syscall.Chdir", "syscall.Umask",
			"runtime.GOMAXPROCS", "runtime/debug.SetGCPercent", "runtime/debug.SetMemoryLimit",
			"runtime/debug.SetMaxStack", "runtime/debug.SetMaxThreads", "runtime/debug.SetPanicOnFault",
			"runtime/debug.SetTraceback",
			"log.SetOutput", "log.SetFlags", "log.SetPrefix", "log/slog.SetDefault", "log/slog.SetLogLoggerLevel",
			"math/rand.Seed",
		}},
	{ID: "H8", Title: "signal handling changed at init",
		Why:   "it swallows SIGINT/SIGQUIT, which go test relies on for Ctrl-C and the timeout stack dump",
		Fix:   "install signal handlers in main or in a Run function",
		verb:  "changes signal handling",
		calls: []string{"os/signal.Notify", "os/signal.Ignore", "os/signal.Reset", "os/signal.NotifyContext"}},
	{ID: "H9", Title: "process spawned at init",
		Why:  "a process is spawned at import time; a child holding stdout open makes go test report '*** Test I/O incomplete'",
		Fix:  "compute it lazily (sync.Once) or at build time (-ldflags -X)",
		verb: "spawns a process",
		calls: []string{
			"os/exec.Cmd.Run", "os/exec.Cmd.Start", "os/exec.Cmd.Output", "os/exec.Cmd.CombinedOutput",
			"os.StartProcess", "syscall.Exec", "syscall.ForkExec", "syscall.StartProcess",
		}},
	// H10 also covers channel sends and receives, select without default, and ranging over
	// a channel, outside goroutines.
	{ID: "H10", Title: "blocking at init",
		Why:   "it delays every test binary, also for -list, and is not bounded by -timeout (the alarm starts in m.Run)",
		Fix:   "wait where the result is needed, with a context and a deadline",
		verb:  "blocks",
		calls: []string{"time.Sleep", "sync.WaitGroup.Wait", "sync.Cond.Wait"}},
	// The TestMain rules are found from TestMain's control flow (testmain.go), not by callee.
	{ID: "T1", Title: "TestMain never calls m.Run",
		Why:  "no test runs: the package passes with zero tests and is never cached",
		Fix:  "os.Exit(m.Run()), or call m.Run() and return",
		verb: "never calls m.Run"},
	{ID: "T2", Title: "TestMain exits before m.Run",
		Why:  "a return or os.Exit(0) before m.Run is a silent pass with zero tests; skip inside the tests with t.Skip instead",
		Fix:  "let the tests run and skip in them: t.Skip(reason) in a helper each test calls",
		verb: "exits before m.Run"},
	{ID: "T3", Title: "defer with os.Exit in TestMain",
		Why:  "os.Exit and log.Fatal do not run deferred calls: the cleanup never happens",
		Fix:  "code := m.Run(); cleanup(); os.Exit(code), or return from TestMain after m.Run() and let the defers run",
		verb: "exits with a pending defer"},
	{ID: "T4", Title: "TestMain exit code not from m.Run",
		Why:  "os.Exit with a code not derived from m.Run's result fails a passing package or hides failing tests",
		Fix:  "os.Exit(m.Run()), or return after m.Run()",
		verb: "exits with a code not derived from m.Run"},
}

// Rules returns the rule table (a copy: callers cannot change what Run matches).
func Rules() []Rule {
	out := make([]Rule, len(rules))
	copy(out, rules)
	return out
}

func ruleByID(id string) Rule {
	for _, r := range rules {
		if r.ID == id {
			return r
		}
	}
	panic("unknown rule " + id)
}

// callIndex maps each callee of the table to its rule id, for the lookups of one run.
func callIndex() map[string]string {
	index := map[string]string{}
	for _, r := range rules {
		for _, k := range r.calls {
			index[k] = r.ID
		}
	}
	return index
}
