package sendooktest

import (
	"context"
	"io"
	"net/http"
	"strings"
	"time"
)

// Fault makes the server fail requests the way servers and networks do, to
// test how a client copes. See [Server.InjectFault].
type Fault struct {
	// Method is the HTTP method the fault applies to, such as "POST";
	// empty matches every method.
	Method string
	// PathPrefix is what the URL path of a request must start with, such
	// as "/v1/inboxes"; empty matches every path.
	PathPrefix string
	// Status is answered instead of the API's response, with a body in
	// the server's dialect. 0 closes the connection without answering, as
	// a crashed server or a broken network does. A status below 400 is no
	// failure: the request is served as usual, after Delay, which makes a
	// slow server.
	Status int
	// RetryAfter, when non-zero, is sent in a Retry-After header, in whole
	// seconds rounded up, and in the reset of a RateLimit header.
	RetryAfter time.Duration
	// Delay is how long to wait before answering. Closing the server, or
	// the client giving up, ends the wait.
	Delay time.Duration
	// Times is how many requests the fault applies to; 0 means 1.
	Times int
	// AfterWork lets the request take effect before Status is answered or
	// the connection dropped: a send is stored, delivered to webhooks and
	// recorded by [Server.Sent], and still reported as failed. This is how
	// a client that retries a failed send can send an email twice.
	AfterWork bool
}

// pendingFault is an injected fault and how many more requests it takes.
type pendingFault struct {
	Fault
	left int
}

// InjectFault makes the next f.Times requests that match f fail as f says.
// Faults apply in the order they were injected, one per request, and each
// request that meets one counts against its Times.
func (s *Server) InjectFault(f Fault) {
	s.faultMu.Lock()
	s.faults = append(s.faults, &pendingFault{Fault: f, left: max(f.Times, 1)})
	s.faultsPending.Store(true)
	s.faultMu.Unlock()
}

// takeFault returns the first pending fault that matches r, counting r
// against it.
func (s *Server) takeFault(r *http.Request) (Fault, bool) {
	s.faultMu.Lock()
	defer s.faultMu.Unlock()
	for i, pf := range s.faults {
		if !pf.matches(r) {
			continue
		}
		pf.left--
		if pf.left == 0 {
			s.faults = append(s.faults[:i], s.faults[i+1:]...)
			s.faultsPending.Store(len(s.faults) > 0)
		}
		return pf.Fault, true
	}
	return Fault{}, false
}

func (f *Fault) matches(r *http.Request) bool {
	return (f.Method == "" || strings.EqualFold(f.Method, r.Method)) && strings.HasPrefix(r.URL.Path, f.PathPrefix)
}

// serveFault answers a request that met fault f.
func (s *Server) serveFault(w http.ResponseWriter, r *http.Request, f Fault) {
	passThrough := f.Status > 0 && f.Status < 400
	if f.AfterWork && !passThrough {
		s.serveAPI(discardWriter{header: http.Header{}}, r)
	}
	if !sleep(r.Context(), f.Delay) {
		// The server is closing or the client gone: returning would
		// answer an empty 200.
		dropConnection(w, r)
		return
	}
	switch {
	case passThrough:
		s.serveAPI(w, r)
	case f.Status == 0:
		dropConnection(w, r)
	default:
		rq := s.newRequest(w, r)
		if f.RetryAfter > 0 {
			limit := 100 // the real server's
			if s.limiter != nil {
				limit = s.limiter.limit
			}
			w.Header().Set("Retry-After", setRateLimitHeaders(w.Header(), limit, 0, f.RetryAfter))
		}
		rq.fail(&apiError{status: f.Status, msg: http.StatusText(f.Status)})
	}
}

// sleep waits for d and reports whether it did, rather than ctx ending
// first.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// dropConnection closes the connection of r without answering.
func dropConnection(w http.ResponseWriter, r *http.Request) {
	// Reading the whole request first makes the close an orderly one the
	// client sees after it has written everything, not a reset while it
	// is still writing: the request did arrive.
	io.Copy(io.Discard, r.Body)
	if hj, ok := w.(http.Hijacker); ok {
		if conn, buf, err := hj.Hijack(); err == nil {
			if reusedConn(r) {
				// A client's transport sends a request again on its own
				// when a connection it reused closes before the answer
				// starts, taking it for one the server had let go idle.
				// An answer broken off after its first bytes is a
				// failure it reports instead.
				buf.WriteString("HTTP/1.1 ")
				buf.Flush()
			}
			conn.Close()
			return
		}
	}
	// The server closes the connection, or resets the stream, and logs
	// nothing.
	panic(http.ErrAbortHandler)
}

// discardWriter takes the response of a request served only for its
// effect.
type discardWriter struct{ header http.Header }

func (d discardWriter) Header() http.Header         { return d.header }
func (d discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (d discardWriter) WriteHeader(int)             {}
