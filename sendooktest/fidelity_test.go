package sendooktest_test

// The fidelity check: the same raw requests go to the real open-source
// server (recorded once, when SENDOOK_LIVE_URL and SENDOOK_LIVE_KEY name
// one) and to this package's server (replayed on every test run), and the
// answers are compared after normalising what is bound to differ: ids,
// secrets, timestamps, ports.
//
// Record again after changing the script, with the open-source server
// (the api/ folder of getrupt/sendook) running and one API key of it:
//
//	SENDOOK_LIVE_URL=http://127.0.0.1:8006 SENDOOK_LIVE_KEY=... SENDOOK_RECORD=1 \
//		go test ./sendooktest -run TestFidelityRecord -count=1
//
// The recorder first deletes every inbox, webhook, domain and API key but
// its own, so use a server kept for this; SENDOOK_RECORD=1 says so, so
// that other tests run against a live server do not record.

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/sendook/sendook-go/sendooktest"
)

// recordingPath is where the real server's answers are kept.
var recordingPath = filepath.Join("testdata", "real", "exchanges.json")

// exchange is one request of the script and, once recorded, the real
// server's answer to it.
type exchange struct {
	// Name identifies the exchange; Item names the part of the
	// comparison it covers.
	Name string `json:"name"`
	Item string `json:"item"`
	// Method, Path, Header and Body are the request. {{name}} in any of
	// them stands for a value saved by an earlier exchange, or for
	// {{key}} (the API key), {{hook}} (the webhook receiver's base URL)
	// or {{deadhook}} (a URL where nothing listens).
	Method string            `json:"method"`
	Path   string            `json:"path"`
	Header map[string]string `json:"header,omitempty"`
	Body   string            `json:"body,omitempty"`
	// BodyBase64 is a body that is not text, such as gzip.
	BodyBase64 string `json:"bodyBase64,omitempty"`
	// Save names values of the answer for later exchanges: "name" →
	// "json.path" (dot-separated, numbers index arrays) or
	// "header:ETag".
	Save map[string]string `json:"save,omitempty"`
	// RandomAddress marks an answer with an address made up at random,
	// whose random part is not compared. The replay reads it from the
	// script, not the recording.
	RandomAddress bool `json:"randomAddress,omitempty"`
	// Real is what the real server answered.
	Real *facts `json:"real,omitempty"`
}

// facts are what is compared of an answer.
type facts struct {
	Status int               `json:"status"`
	Header map[string]string `json:"header,omitempty"`
	// Body is the normalised body: JSON re-encoded with sorted keys, or
	// the text as sent.
	Body string `json:"body"`
	// Closes is true when the server closed the connection after the
	// answer.
	Closes bool `json:"closes,omitempty"`
	// Deliveries are the webhook deliveries the exchange caused.
	Deliveries []string `json:"deliveries,omitempty"`
}

// recording is the file of recorded exchanges.
type recording struct {
	Server    string      `json:"server"`
	Exchanges []*exchange `json:"exchanges"`
}

// comparedHeaders are the response headers a client or a browser acts on.
var comparedHeaders = []string{
	"Content-Type", "WWW-Authenticate", "Retry-After", "RateLimit", "RateLimit-Policy",
	"ETag", "Vary", "Access-Control-Allow-Origin", "Access-Control-Allow-Credentials",
	"Access-Control-Allow-Methods", "Access-Control-Allow-Headers", "Access-Control-Expose-Headers",
	"Access-Control-Max-Age", "X-Powered-By", "Content-Security-Policy", "X-Content-Type-Options",
}

// hookReceiver is the webhook receiver both servers deliver to.
type hookReceiver struct {
	srv *httptest.Server
	mu  sync.Mutex
	got []string // "path content-type body"
}

func newHookReceiver() *hookReceiver {
	h := &hookReceiver{}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		h.mu.Lock()
		h.got = append(h.got, r.URL.Path+" "+r.Header.Get("Content-Type")+" "+string(body))
		h.mu.Unlock()
		switch r.URL.Path {
		case "/ok":
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"received":true}`)
		case "/text":
			io.WriteString(w, "thanks")
		case "/empty":
			w.WriteHeader(http.StatusNoContent)
		case "/fail":
			http.Error(w, "receiver broke", http.StatusInternalServerError)
		default:
			http.NotFound(w, r)
		}
	}))
	return h
}

func (h *hookReceiver) take() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	got := h.got
	h.got = nil
	return got
}

// player sends exchanges to one server and normalises its answers.
type player struct {
	t      testing.TB
	base   string
	client *http.Client
	hook   *hookReceiver
	// vars are the saved values by name; byValue the other way round.
	vars    map[string]string
	byValue map[string]string
	order   []string // var names, longest value first, for replacing
}

func newPlayer(t testing.TB, base, key string) *player {
	p := &player{
		t:    t,
		base: strings.TrimSuffix(base, "/"),
		client: &http.Client{
			Transport:     &http.Transport{DisableCompression: true},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
			Timeout:       30 * time.Second,
		},
		hook:    newHookReceiver(),
		vars:    map[string]string{},
		byValue: map[string]string{},
	}
	t.Cleanup(p.hook.srv.Close)
	t.Cleanup(p.client.CloseIdleConnections)
	p.set("key", key)
	p.set("hook", p.hook.srv.URL)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	dead := "http://" + ln.Addr().String()
	ln.Close()
	p.set("deadhook", dead)
	p.set("deadaddr", strings.TrimPrefix(dead, "http://"))
	return p
}

func (p *player) set(name, value string) {
	if value == "" {
		return
	}
	for _, v := range []struct{ name, value string }{{name, value}, {name + ".upper", strings.ToUpper(value)}} {
		p.vars[v.name] = v.value
		if _, taken := p.byValue[v.value]; !taken {
			p.byValue[v.value] = v.name
		}
		if !slices.Contains(p.order, v.name) {
			p.order = append(p.order, v.name)
		}
	}
	sort.SliceStable(p.order, func(i, j int) bool { return len(p.vars[p.order[i]]) > len(p.vars[p.order[j]]) })
}

var placeholder = regexp.MustCompile(`\{\{([a-zA-Z0-9_.]+)\}\}`)

// fill replaces the placeholders of s with saved values.
func (p *player) fill(s string) string {
	return placeholder.ReplaceAllStringFunc(s, func(m string) string {
		if v, ok := p.vars[m[2:len(m)-2]]; ok {
			return v
		}
		return m
	})
}

// play sends ex and returns the normalised answer.
func (p *player) play(ex *exchange) *facts {
	var body io.Reader
	if ex.BodyBase64 != "" {
		b, err := base64.StdEncoding.DecodeString(ex.BodyBase64)
		require.NoError(p.t, err)
		body = bytes.NewReader(b)
	} else if ex.Body != "" {
		body = strings.NewReader(p.fill(ex.Body))
	}
	req, err := http.NewRequest(ex.Method, p.base, body)
	require.NoError(p.t, err, ex.Name)
	// The path goes out as written, malformed escapes included.
	req.URL.Opaque, req.URL.RawQuery, _ = strings.Cut(p.fill(ex.Path), "?")
	for k, v := range ex.Header {
		if k == "Host" {
			req.Host = p.fill(v)
			continue
		}
		req.Header[http.CanonicalHeaderKey(k)] = []string{p.fill(v)}
	}
	res, err := p.client.Do(req)
	require.NoError(p.t, err, ex.Name)
	raw, err := io.ReadAll(res.Body)
	res.Body.Close()
	require.NoError(p.t, err, ex.Name)

	for name, path := range ex.Save {
		if h, ok := strings.CutPrefix(path, "header:"); ok {
			p.set(name, res.Header.Get(h))
			continue
		}
		p.set(name, jsonAt(raw, path))
	}

	f := &facts{Status: res.StatusCode, Closes: res.Close, Header: map[string]string{}}
	n := newNormaliser(p)
	for _, h := range comparedHeaders {
		if v := res.Header.Values(h); len(v) > 0 {
			f.Header[h] = n.header(h, strings.Join(v, ", "))
		}
	}
	if len(f.Header) == 0 {
		f.Header = nil
	}
	f.Body = n.body(raw)
	for _, d := range p.hook.take() {
		f.Deliveries = append(f.Deliveries, n.delivery(d))
	}
	return f
}

// jsonAt returns the string at a dot-separated path of a JSON document, or
// "".
func jsonAt(raw []byte, path string) string {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return ""
	}
	for _, part := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			v = x[part]
		case []any:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(x) {
				return ""
			}
			v = x[i]
		default:
			return ""
		}
	}
	s, _ := v.(string)
	return s
}

// normaliser rewrites one answer so that what must differ between two
// servers does not: saved values become their {{name}}, other ids and
// secrets a number in order of appearance within the answer, timestamps
// <time>.
type normaliser struct {
	p     *player
	local map[string]string
}

func newNormaliser(p *player) *normaliser { return &normaliser{p: p, local: map[string]string{}} }

var (
	hexIDPattern     = regexp.MustCompile(`\b[0-9a-f]{24}\b`)
	secretPattern    = regexp.MustCompile(`\b[0-9a-f]{96}\b`)
	timestampPattern = regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z`)
	rateResetPattern = regexp.MustCompile(`(reset|remaining)=\d+`)
	randomLocalPart  = regexp.MustCompile(`-[0-9a-z]{1,10}@sendook\.com\b`)
)

func (n *normaliser) text(s string) string {
	for _, name := range n.p.order {
		if v := n.p.vars[name]; len(v) >= 6 {
			s = strings.ReplaceAll(s, v, "{{"+name+"}}")
		}
	}
	s = secretPattern.ReplaceAllStringFunc(s, func(m string) string { return n.localName("secret", m) })
	s = hexIDPattern.ReplaceAllStringFunc(s, func(m string) string { return n.localName("id", m) })
	return timestampPattern.ReplaceAllString(s, "<time>")
}

func (n *normaliser) localName(kind, v string) string {
	if name, ok := n.local[v]; ok {
		return name
	}
	name := fmt.Sprintf("<%s:%d>", kind, len(n.local)+1)
	n.local[v] = name
	return name
}

func (n *normaliser) header(name, v string) string {
	switch name {
	case "ETag":
		return "<etag>"
	case "RateLimit", "Retry-After":
		return rateResetPattern.ReplaceAllString(v, "$1=<n>")
	}
	return n.text(v)
}

// body normalises a body: JSON is decoded and re-encoded with its keys
// sorted, so that field order does not count.
func (n *normaliser) body(raw []byte) string {
	var v any
	if len(bytes.TrimSpace(raw)) > 0 && json.Unmarshal(raw, &v) == nil {
		v = n.walk(v)
		out, _ := json.Marshal(v)
		return string(out)
	}
	return n.text(string(raw))
}

func (n *normaliser) walk(v any) any {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			x[k] = n.walk(x[k])
		}
		return x
	case []any:
		for i := range x {
			x[i] = n.walk(x[i])
		}
		return x
	case string:
		return n.text(x)
	}
	return v
}

func (n *normaliser) delivery(d string) string {
	path, rest, _ := strings.Cut(d, " ")
	ctype, body, _ := strings.Cut(rest, " ")
	return path + " " + ctype + " " + n.body([]byte(body))
}

// TestFidelityRecord records the real server's answers to the script into
// testdata/real. It runs only against a real server.
func TestFidelityRecord(t *testing.T) {
	url, key := os.Getenv("SENDOOK_LIVE_URL"), os.Getenv("SENDOOK_LIVE_KEY")
	if url == "" || key == "" || os.Getenv("SENDOOK_RECORD") != "1" {
		t.Skip("records only with SENDOOK_LIVE_URL and SENDOOK_LIVE_KEY naming a real server kept for it, and SENDOOK_RECORD=1")
	}
	resetRealServer(t, url, key)
	p := newPlayer(t, url, key)
	script := fidelityScript()
	for _, ex := range script {
		ex.Real = p.play(ex)
	}
	rec := recording{Server: "getrupt/sendook api v0.1.2 (6f19e6d)", Exchanges: script}
	data, err := json.MarshalIndent(rec, "", "  ")
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(filepath.Dir(recordingPath), 0o755))
	require.NoError(t, os.WriteFile(recordingPath, append(data, '\n'), 0o644))
	t.Logf("recorded %d exchanges into %s", len(script), recordingPath)
}

// resetRealServer deletes what earlier recordings left on the real
// server, so that a recording starts from one API key and nothing else.
func resetRealServer(t *testing.T, url, key string) {
	c := &http.Client{Timeout: 30 * time.Second}
	do := func(method, path string) []byte {
		req, err := http.NewRequest(method, url+path, nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+key)
		res, err := c.Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return b
	}
	for _, kind := range []struct{ list, field string }{
		{"/v1/inboxes", "_id"}, {"/v1/webhooks", "_id"}, {"/v1/domains", "name"}, {"/v1/api_keys", "_id"},
	} {
		var items []map[string]any
		require.NoError(t, json.Unmarshal(do("GET", kind.list), &items), kind.list)
		for _, it := range items {
			if it["key"] == key {
				continue
			}
			do("DELETE", kind.list+"/"+fmt.Sprint(it[kind.field]))
		}
	}
}

// loadRecording reads the recorded exchanges.
func loadRecording(t *testing.T) recording {
	data, err := os.ReadFile(recordingPath)
	require.NoError(t, err)
	var rec recording
	require.NoError(t, json.Unmarshal(data, &rec))
	return rec
}

// TestFidelityReplay sends the recorded requests to a new server of the
// real dialect and compares its answers with the real server's. Every
// difference fails the test, except those listed in deliberateDifferences.
func TestFidelityReplay(t *testing.T) {
	rec := loadRecording(t)
	require.GreaterOrEqual(t, len(rec.Exchanges), 300, "the recording covers at least 300 exchanges")
	srv := sendooktest.NewServer(fidelityServerOptions()...)
	t.Cleanup(srv.Close)
	prepareFidelityServer(srv)
	p := newPlayer(t, srv.URL, srv.APIKey)

	script := map[string]*exchange{}
	for _, ex := range fidelityScript() {
		script[ex.Name] = ex
	}
	identical, deliberate, sameBody := 0, 0, 0
	for _, ex := range rec.Exchanges {
		got := p.play(ex)
		if script[ex.Name] != nil && script[ex.Name].RandomAddress {
			for _, f := range []*facts{ex.Real, got} {
				f.Body = randomLocalPart.ReplaceAllString(f.Body, "-<random>@sendook.com")
			}
		}
		if got.Status == ex.Real.Status && got.Body == ex.Real.Body {
			sameBody++
		}
		if diff := compareFacts(ex.Real, got); diff == "" {
			identical++
			continue
		} else if reason, ok := deliberateReason(ex); ok {
			deliberate++
			t.Logf("%s: differs deliberately (%s)", ex.Name, reason)
		} else {
			t.Errorf("%s (%s %s): %s", ex.Name, ex.Method, ex.Path, diff)
		}
	}
	assertEveryEndpoint(t, rec.Exchanges)
	t.Logf("%d of %d exchanges identical to the real server (status, headers, body, connection, deliveries); "+
		"%d of %d with the same status and body; %d differ deliberately", identical, len(rec.Exchanges), sameBody, len(rec.Exchanges), deliberate)
}

// compareFacts describes how got differs from want, or returns "".
func compareFacts(want, got *facts) string {
	w, _ := json.MarshalIndent(want, "", "  ")
	g, _ := json.MarshalIndent(got, "", "  ")
	if bytes.Equal(w, g) {
		return ""
	}
	return fmt.Sprintf("\nreal:\n%s\nfake:\n%s", w, g)
}

// assertEveryEndpoint checks that the recording calls every endpoint of
// the API.
func assertEveryEndpoint(t *testing.T, exchanges []*exchange) {
	seen := map[string]bool{}
	for _, ex := range exchanges {
		path, _, _ := strings.Cut(placeholder.ReplaceAllString(ex.Path, "0123456789abcdef01234567"), "?")
		seen[sendooktest.EndpointOf(ex.Method, path)] = true
	}
	for _, e := range sendooktest.Endpoints() {
		if !seen[e] {
			t.Errorf("the recording does not call %s", e)
		}
	}
}
