package sendooktest

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	sendook "github.com/sendook/sendook-go"
)

// Server is an in-memory Sendook API listening on a loopback address. It is
// safe for concurrent use by any number of clients.
//
// It keeps connections alive between requests, as the real server does.
// While a [Fault] is pending it closes each connection after its answer,
// and a fault that drops a reused connection breaks off an answer rather
// than sending none, so that a client's HTTP stack never resends a request
// on its own: [Server.RequestCount] counts exactly the attempts the client
// made.
type Server struct {
	// URL is the server's base URL, such as "http://127.0.0.1:41235",
	// without a trailing slash. Pass it to sendook.WithBaseURL, or use
	// [Server.Client].
	URL string
	// APIKey is the API key the server accepts, set by [WithAPIKey] or
	// made up at random. Keys created through the API are accepted too.
	APIKey string

	dialect  Dialect
	secret   string
	limiter  *sendLimiter // nil: no limit
	delivery *http.Client

	http      *http.Server
	serveDone chan struct{}
	// ctx ends when the server is closed; it cancels fault delays and
	// webhook deliveries in flight.
	ctx  context.Context
	stop context.CancelFunc

	requests atomic.Int64
	// conns counts open connections, so that Close returns only once the
	// goroutine of each has finished.
	conns sync.WaitGroup

	// life guards closed and the start of work tracked by active, so that
	// Close can wait for all of it. shutDown is closed once Close is done,
	// for concurrent calls of Close to wait on.
	life     sync.Mutex
	closed   bool
	active   sync.WaitGroup
	shutDown chan struct{}

	logf func(format string, args ...any)

	faultMu sync.Mutex
	faults  []*pendingFault
	// faultsPending mirrors len(faults) > 0, read on every request.
	faultsPending atomic.Bool

	mu sync.Mutex // guards st
	st *store

	// noPayments makes sends and replies fail as on a real server with
	// no payment provider, which the fidelity replay needs; set only by
	// tests, before the server is used.
	noPayments bool
}

// NewServer starts a server on a random port of 127.0.0.1 and returns it.
// Close it when done. Like httptest.NewServer, it panics if it cannot
// listen.
func NewServer(opts ...ServerOption) *Server {
	s, err := NewServerAt("127.0.0.1:0", opts...)
	if err != nil {
		panic(err)
	}
	return s
}

// NewServerAt is like [NewServer] but listens on addr, such as
// "127.0.0.1:8006" or ":0", and returns an error if it cannot. A server
// listening on all interfaces gets a URL on 127.0.0.1.
func NewServerAt(addr string, opts ...ServerOption) (*Server, error) {
	var cfg serverConfig
	for _, opt := range opts {
		if opt != nil {
			opt(&cfg)
		}
	}
	if cfg.apiKey == "" {
		// The real server's keys are 48 random bytes in hex.
		cfg.apiKey = randomHex(48)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("sendooktest: %w", err)
	}

	ctx, stop := context.WithCancel(context.Background())
	s := &Server{
		URL:       "http://" + clientAddr(ln.Addr()),
		APIKey:    cfg.apiKey,
		dialect:   cfg.dialect,
		secret:    cfg.webhookSecret,
		delivery:  &http.Client{Transport: &http.Transport{}},
		serveDone: make(chan struct{}),
		shutDown:  make(chan struct{}),
		logf:      cfg.logf,
		ctx:       ctx,
		stop:      stop,
		st:        newStore(cfg.dialect, cfg.apiKey),
	}
	if cfg.sendLimit > 0 {
		s.limiter = &sendLimiter{limit: cfg.sendLimit}
	}
	s.http = &http.Server{
		Handler:           http.HandlerFunc(s.handle),
		ReadHeaderTimeout: 30 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return ctx },
		ConnState:         s.trackConn,
		ConnContext:       withConnInfo,
		ErrorLog:          log.New(logWriter{s}, "", 0),
	}
	if s.logf == nil {
		s.logf = log.Printf
	}
	go func() {
		defer close(s.serveDone)
		s.http.Serve(ln)
	}()
	return s, nil
}

// clientAddr returns the address a client on this machine dials for a
// listener's address: a listener on every interface is reached on loopback.
func clientAddr(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok || !tcp.IP.IsUnspecified() {
		return a.String()
	}
	return net.JoinHostPort("127.0.0.1", fmt.Sprint(tcp.Port))
}

// Client returns a client for this server, authenticated with
// [Server.APIKey]. Its retries wait between 1ms and 10ms instead of the
// client's defaults, so that tests of retries run fast; opts come after
// that and may override it.
func (s *Server) Client(opts ...sendook.Option) *sendook.Client {
	base := []sendook.Option{
		sendook.WithBaseURL(s.URL),
		sendook.WithRetryWait(time.Millisecond, 10*time.Millisecond),
	}
	return sendook.NewClient(s.APIKey, append(base, opts...)...)
}

// RequestCount returns how many requests the server has received, those
// answered by a [Fault] and those refused included. It lets a test count a
// client's attempts.
func (s *Server) RequestCount() int { return int(s.requests.Load()) }

// Close shuts the server down: it stops listening, closes every connection,
// cancels fault delays and webhook deliveries in flight, and returns once
// every request being handled has finished. Closing twice is harmless, and
// a Close called while another is under way returns when that one does.
func (s *Server) Close() {
	s.life.Lock()
	if s.closed {
		s.life.Unlock()
		<-s.shutDown
		return
	}
	s.closed = true
	s.life.Unlock()
	defer close(s.shutDown)

	s.stop()
	s.http.Close()
	<-s.serveDone // no connection is accepted any more
	s.active.Wait()
	s.conns.Wait()
	s.delivery.CloseIdleConnections()
}

func (s *Server) trackConn(_ net.Conn, state http.ConnState) {
	switch state {
	case http.StateNew:
		s.conns.Add(1)
	case http.StateHijacked, http.StateClosed:
		s.conns.Done()
	}
}

// connInfo is what the server knows of a connection: how many requests
// came on it.
type connInfo struct{ requests atomic.Int32 }

type connInfoKey struct{}

func withConnInfo(ctx context.Context, _ net.Conn) context.Context {
	return context.WithValue(ctx, connInfoKey{}, new(connInfo))
}

// countOnConn counts r on its connection.
func countOnConn(r *http.Request) {
	if ci, ok := r.Context().Value(connInfoKey{}).(*connInfo); ok {
		ci.requests.Add(1)
	}
}

// reusedConn reports whether r came on a connection that served an
// earlier request.
func reusedConn(r *http.Request) bool {
	ci, ok := r.Context().Value(connInfoKey{}).(*connInfo)
	return ok && ci.requests.Load() > 1
}

// logWriter passes the HTTP server's error log, handler panics included,
// to the server's logger.
type logWriter struct{ s *Server }

func (w logWriter) Write(p []byte) (int, error) {
	w.s.logf("sendooktest: %s", strings.TrimSuffix(string(p), "\n"))
	return len(p), nil
}

// errClosed is returned by the methods that work on a closed server.
var errClosed = errors.New("sendooktest: server is closed")

// enter registers work that Close must wait for. It reports false once the
// server is closed; otherwise the caller must call s.active.Done.
func (s *Server) enter() bool {
	s.life.Lock()
	defer s.life.Unlock()
	if s.closed {
		return false
	}
	s.active.Add(1)
	return true
}

// handle is the root handler: every request is counted, then may be taken
// by a fault, and is otherwise served as the API would.
func (s *Server) handle(w http.ResponseWriter, r *http.Request) {
	// Counted once registered, so that a test that sees the count has
	// also made Close wait for the request.
	if !s.enter() {
		s.requests.Add(1)
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	defer s.active.Done()
	defer s.recoverPanic(w, r)
	s.requests.Add(1)
	countOnConn(r)
	if s.faultsPending.Load() {
		// See the comment of Server.
		w.Header().Set("Connection", "close")
	}
	if f, ok := s.takeFault(r); ok {
		s.serveFault(w, r, f)
		return
	}
	s.serveAPI(w, r)
}

// recoverPanic reports a panic of a handler to the server's logger with
// its stack, and answers 500 if nothing was answered yet, as the real
// server answers an unhandled error. A connection dropped on purpose
// (http.ErrAbortHandler) is no failure.
func (s *Server) recoverPanic(w http.ResponseWriter, r *http.Request) {
	v := recover()
	if v == nil {
		return
	}
	if v == http.ErrAbortHandler {
		panic(v)
	}
	s.logf("sendooktest: panic serving %s %s: %v\n%s", r.Method, r.URL.Path, v, debug.Stack())
	rq := &request{s: s, w: w, r: r}
	defer func() { recover() }() // the answer may have been under way
	rq.writePage(http.StatusInternalServerError, http.StatusText(http.StatusInternalServerError))
}

// lock runs fn with the store under the server's lock.
func (s *Server) lock(fn func(st *store)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fn(s.st)
}
