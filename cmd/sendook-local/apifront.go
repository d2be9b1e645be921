package main

import (
	"bytes"
	"io"
	"log"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
)

// apiFront serves the API on the user's address, in front of the
// in-memory server. That server listens on a random loopback port, where
// no Host check guards it, so it accepts only a random key of its own:
// the front checks the Host, then swaps the key the user was given for
// that one (and back, where the API shows keys), so a page that finds the
// inner port still cannot use the well-known default key there.
type apiFront struct {
	inner               *url.URL
	innerKey, publicKey string
}

func (f *apiFront) handler() http.Handler {
	return &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(f.inner)
			if auth := r.Out.Header.Get("Authorization"); auth == "Bearer "+f.publicKey {
				r.Out.Header.Set("Authorization", "Bearer "+f.innerKey)
			}
			if q := r.Out.URL.Query(); q.Get("access_token") == f.publicKey {
				q.Set("access_token", f.innerKey)
				r.Out.URL.RawQuery = q.Encode()
			}
		},
		ModifyResponse: f.hideInnerKey,
		ErrorLog:       log.New(io.Discard, "", 0),
	}
}

// hideInnerKey shows the user's key where the API answers with the inner
// one: the API key routes, which return secrets.
func (f *apiFront) hideInnerKey(resp *http.Response) error {
	if !strings.HasPrefix(strings.ToLower(resp.Request.URL.Path), "/v1/api_keys") {
		return nil
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return err
	}
	body = bytes.ReplaceAll(body, []byte(f.innerKey), []byte(f.publicKey))
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	resp.Header.Set("Content-Length", strconv.Itoa(len(body)))
	return nil
}
