package sendooktest

import (
	"net/http"
	"strconv"
	"sync"
	"time"
)

// rateLimitWindow is the window of the real server's send limiter.
const rateLimitWindow = time.Hour

// rateLimitText is the real server's answer to a send past the limit.
const rateLimitText = "Too many requests, please try again later."

// sendLimiter counts sends and replies in fixed windows of an hour, the
// first starting with the first send, as express-rate-limit does.
type sendLimiter struct {
	limit int

	mu    sync.Mutex
	start time.Time
	used  int
}

// take counts one send at now and returns how many remain in the window,
// how long until it resets, and whether this send is allowed.
func (l *sendLimiter) take(now time.Time) (remaining int, reset time.Duration, allowed bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.start.IsZero() || now.Sub(l.start) >= rateLimitWindow {
		l.start, l.used = now, 0
	}
	l.used++
	return max(l.limit-l.used, 0), l.start.Add(rateLimitWindow).Sub(now), l.used <= l.limit
}

// allowSend applies the send rate limit, when there is one, to a send or
// reply: it sets the RateLimit headers and, past the limit, answers 429
// and returns false. Requests are counted whatever becomes of them later,
// as the real limiter runs before the route.
func (s *Server) allowSend(rq *request) bool {
	if s.limiter == nil {
		return true
	}
	remaining, reset, allowed := s.limiter.take(time.Now())
	secs := setRateLimitHeaders(rq.w.Header(), s.limiter.limit, remaining, reset)
	if !allowed {
		rq.w.Header().Set("Retry-After", secs)
		rq.fail(&apiError{status: http.StatusTooManyRequests, code: "rate_limited", msg: rateLimitText})
	}
	return allowed
}

// setRateLimitHeaders writes the draft-7 headers express-rate-limit sends
// and returns the reset in whole seconds, rounded up, as written.
func setRateLimitHeaders(h http.Header, limit, remaining int, reset time.Duration) string {
	secs := strconv.FormatInt(int64((reset+time.Second-1)/time.Second), 10)
	h.Set("RateLimit-Policy", strconv.Itoa(limit)+";w="+strconv.Itoa(int(rateLimitWindow/time.Second)))
	h.Set("RateLimit", "limit="+strconv.Itoa(limit)+", remaining="+strconv.Itoa(remaining)+", reset="+secs)
	return secs
}
