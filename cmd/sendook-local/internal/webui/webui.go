// Package webui is a web inbox for a Sendook server: its inboxes, threads
// and messages (live), what went out, its webhooks and their delivery
// attempts, and a form that simulates incoming mail.
//
// It is a client of the server like any other: it reads and acts only
// through the public API with the SDK, so it works against any Sendook.
// Pages are rendered on the server with html/template; the only script
// refreshes the lists while they are open. The API key stays on the
// server.
package webui

import (
	"bytes"
	"embed"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	sendook "github.com/sendook/sendook-go"
	"github.com/sendook/sendook-go/cmd/sendook-local/internal/inbound"
)

//go:embed templates/*.html static/*
var assets embed.FS

// Config configures the web inbox.
type Config struct {
	// Client is how the web inbox reaches the server.
	Client *sendook.Client
	// Mailbox delivers simulated mail; nil hides the form.
	Mailbox inbound.Mailbox
	// SMTPAddr, when set, is shown as where mail can be sent.
	SMTPAddr string
	// Logger gets a line for each failed request; nil is silent.
	Logger *slog.Logger
	// MaxUploadBytes bounds the simulate form's body (attachments
	// included); 0 means 20 MB.
	MaxUploadBytes int64
}

// ui serves the pages.
type ui struct {
	Config
	pages map[string]*template.Template
}

// New returns the web inbox's handler.
func New(cfg Config) http.Handler {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.MaxUploadBytes <= 0 {
		cfg.MaxUploadBytes = 20 << 20
	}
	u := &ui{Config: cfg, pages: parsePages()}

	mux := http.NewServeMux()
	static, _ := fs.Sub(assets, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	mux.HandleFunc("GET /{$}", u.home)
	mux.HandleFunc("POST /inboxes", u.createInbox)
	mux.HandleFunc("GET /inboxes/{inbox}", u.inbox)
	mux.HandleFunc("GET /inboxes/{inbox}/threads/{thread}", u.thread)
	mux.HandleFunc("GET /inboxes/{inbox}/messages/{msg}", u.message)
	mux.HandleFunc("GET /inboxes/{inbox}/messages/{msg}/body", u.messageHTML)
	mux.HandleFunc("GET /inboxes/{inbox}/messages/{msg}/attachments/{n}", u.attachment)
	mux.HandleFunc("GET /sent", u.sent)
	mux.HandleFunc("GET /webhooks", u.webhooks)
	mux.HandleFunc("POST /webhooks/{webhook}/test", u.testWebhook)
	mux.HandleFunc("GET /simulate", u.simulateForm)
	mux.HandleFunc("POST /simulate", u.simulate)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		u.fail(w, r, http.StatusNotFound, errors.New("there is no such page"))
	})

	// Forms posted from other sites are refused.
	return securityHeaders(http.NewCrossOriginProtection().Handler(mux))
}

// securityHeaders keeps pages from running anything but our own script,
// loading anything from elsewhere, or being framed by other sites.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "SAMEORIGIN")
		next.ServeHTTP(w, r)
	})
}

var funcs = template.FuncMap{
	"when": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		t = t.Local()
		if y, m, d := t.Date(); y == time.Now().Year() && m == time.Now().Month() && d == time.Now().Day() {
			return t.Format("15:04:05")
		}
		return t.Format("Jan 2 15:04")
	},
	"stamp": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Local().Format("Mon, 2 Jan 2006 15:04:05 MST")
	},
	"size": humanSize,
}

// parsePages parses each page with the layout it shares.
func parsePages() map[string]*template.Template {
	pages := map[string]*template.Template{}
	for _, name := range []string{"list", "webhooks", "simulate", "error"} {
		pages[name] = template.Must(template.New(name).Funcs(funcs).ParseFS(assets,
			"templates/layout.html", "templates/"+name+".html", "templates/parts.html"))
	}
	return pages
}

// render writes a page, or an error page if it does not render.
func (u *ui) render(w http.ResponseWriter, status int, name string, p *page) {
	var b bytes.Buffer
	if err := u.pages[name].ExecuteTemplate(&b, "layout", p); err != nil {
		u.Logger.Error("webui: rendering", "page", name, "err", err)
		http.Error(w, "The page could not be rendered.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

// fail shows err on an error page with status.
func (u *ui) fail(w http.ResponseWriter, r *http.Request, status int, err error) {
	if status >= 500 {
		u.Logger.Warn("webui: request failed", "path", r.URL.Path, "err", err)
	}
	p := u.newPage(r, "Error")
	p.Error = err.Error()
	p.Status = status
	u.render(w, status, "error", p)
}

// failAPI shows an API error with the status that fits it.
func (u *ui) failAPI(w http.ResponseWriter, r *http.Request, err error) {
	status := http.StatusBadGateway
	switch {
	case errors.Is(err, sendook.ErrNotFound):
		status = http.StatusNotFound
	case errors.Is(err, sendook.ErrInvalidRequest):
		status = http.StatusBadRequest
	}
	u.fail(w, r, status, err)
}
