package sendooktest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestHandlerPanicIsReported checks that a handler that panics is logged
// with its stack and answered with the real server's 500 page, rather than
// showing only as a dropped connection.
func TestHandlerPanicIsReported(t *testing.T) {
	var logged string
	s := NewServer(WithLogf(func(format string, args ...any) { logged += fmt.Sprintf(format, args...) }))
	defer s.Close()

	w := httptest.NewRecorder()
	r := httptest.NewRequest("GET", "/v1/inboxes", nil)
	func() {
		defer s.recoverPanic(w, r)
		panic("broken handler")
	}()

	if w.Code != http.StatusInternalServerError || !strings.Contains(w.Body.String(), "Internal Server Error") {
		t.Errorf("answered %d %q, want the 500 page", w.Code, w.Body.String())
	}
	for _, want := range []string{"panic serving GET /v1/inboxes: broken handler", "panic_internal_test.go"} {
		if !strings.Contains(logged, want) {
			t.Errorf("the log %q does not contain %q", logged, want)
		}
	}
}

// TestAbortIsNoPanic checks that a connection dropped on purpose is not
// reported: http.ErrAbortHandler goes on to net/http, which stays silent.
func TestAbortIsNoPanic(t *testing.T) {
	var logged string
	s := NewServer(WithLogf(func(format string, args ...any) { logged += fmt.Sprintf(format, args...) }))
	defer s.Close()
	defer func() {
		if v := recover(); v != http.ErrAbortHandler {
			t.Errorf("recovered %v, want http.ErrAbortHandler passed on", v)
		}
		if logged != "" {
			t.Errorf("logged %q", logged)
		}
	}()
	func() {
		defer s.recoverPanic(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
		panic(http.ErrAbortHandler)
	}()
}
