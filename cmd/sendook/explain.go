package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/sendook/sendook-go"
)

// explain turns the error a command ended with into the one line printed
// on standard error, saying what to do about it where it can, and the exit
// status.
func (a *app) explain(err error) (string, int) {
	var ce exitCodeError
	if errors.As(err, &ce) {
		if ce.err == nil {
			return "", ce.code
		}
		msg, _ := a.explain(ce.err)
		return msg, ce.code
	}
	var ue usageError
	if errors.As(err, &ue) || isCobraUsage(err) {
		return oneLineUsage(trimPrefix(err.Error())), exitUsage
	}
	var ve *sendook.ValidationError
	if errors.As(err, &ve) {
		field := ve.Field
		if field == "baseURL" {
			field = "--base-url (or SENDOOK_BASE_URL)"
		}
		return field + " " + ve.Reason, exitUsage
	}
	var apiErr *sendook.APIError
	if errors.As(err, &apiErr) {
		msg := explainAPIError(apiErr)
		if apiErr.Method != "" {
			msg = apiErr.Method + " " + apiErr.Path + ": " + msg
		}
		return msg, exitError
	}
	if errors.Is(err, context.Canceled) {
		return "interrupted", exitError
	}
	var netErr net.Error
	var opErr *net.OpError
	if errors.As(err, &opErr) || errors.As(err, &netErr) {
		return fmt.Sprintf("cannot reach the Sendook server at %s: %s; check --base-url or SENDOOK_BASE_URL, and your network",
			a.serverName(), rootCause(err)), exitError
	}
	return trimPrefix(err.Error()), exitError
}

// explainAPIError says what an API failure means for the person at the
// command line.
func explainAPIError(e *sendook.APIError) string {
	status := fmt.Sprintf("%d", e.StatusCode)
	what := e.Message
	if e.RequestID != "" {
		what += " [request " + e.RequestID + "]"
	}
	switch {
	case errors.Is(e, sendook.ErrUnauthorized):
		return fmt.Sprintf("the server refused the API key (%s %s): check SENDOOK_API_KEY or --api-key", status, what)
	case errors.Is(e, sendook.ErrNotFound):
		return fmt.Sprintf("not found (%s %s): check the name or id; the list command shows what exists", status, what)
	case errors.Is(e, sendook.ErrRateLimited):
		if e.RetryAfter > 0 {
			return fmt.Sprintf("rate limited (%s %s): try again in %s", status, what, e.RetryAfter.Round(time.Second))
		}
		return fmt.Sprintf("rate limited (%s %s): waiting will not help; check your plan's limits", status, what)
	case errors.Is(e, sendook.ErrServer) && hasMalformedID(e.Path):
		// The open-source server answers an id that is not 24 hex digits
		// with a 500, so the id is the likelier cause than the server.
		return fmt.Sprintf("the server failed (%s %s): check the ids: the open-source server fails so on an id that is not 24 hexadecimal digits", status, what)
	case errors.Is(e, sendook.ErrServer):
		return fmt.Sprintf("the server failed (%s %s): try again later; --debug shows the requests", status, what)
	}
	msg := fmt.Sprintf("the server refused the request (%s %s)", status, what)
	for _, f := range e.Fields {
		msg += fmt.Sprintf("; %s: %s", f.Field, f.Message)
	}
	return msg
}

// hasMalformedID reports whether an id segment of path (one after inboxes,
// messages, threads, webhooks or api_keys) is not 24 hexadecimal digits, as
// the open-source server's ids are.
func hasMalformedID(path string) bool {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	for i := 1; i < len(parts); i++ {
		switch parts[i-1] {
		case "inboxes", "messages", "threads", "webhooks", "api_keys":
		default:
			continue
		}
		id := parts[i]
		if id == "send" {
			continue
		}
		if len(id) != 24 || strings.Trim(id, "0123456789abcdefABCDEF") != "" {
			return true
		}
	}
	return false
}

// serverName is the server the commands talk to, without any password.
func (a *app) serverName() string {
	base := a.baseURL
	if base == "" {
		base = a.getenv("SENDOOK_BASE_URL")
	}
	if base == "" {
		return sendook.DefaultBaseURL
	}
	u, err := url.Parse(base)
	if err != nil {
		return "(an invalid URL)"
	}
	return u.Redacted()
}

// rootCause is the innermost error's text: "connection refused" rather
// than the whole chain.
func rootCause(err error) string {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err.Error()
		}
		err = next
	}
}

func trimPrefix(msg string) string { return strings.TrimPrefix(msg, "sendook: ") }

// oneLineUsage folds cobra's suggestions ("unknown command "inbox"...
// Did you mean this?\n\tinboxes") into one line.
func oneLineUsage(msg string) string {
	head, suggestions, found := strings.Cut(msg, "\n\nDid you mean this?\n")
	if !found {
		return strings.Join(strings.Fields(msg), " ")
	}
	return head + "; did you mean " + strings.Join(strings.Fields(suggestions), " or ") + "?"
}
