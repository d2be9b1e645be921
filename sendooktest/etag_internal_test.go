package sendooktest

import "testing"

// TestETagAsExpressMakesIt checks the ETag against one the real server sent for
// the same body.
func TestETagAsExpressMakesIt(t *testing.T) {
	if got, want := etag([]byte(`{"healthy":true,"environment":"local"}`)), `W/"26-SP7mMzZEoOfc8TnZDCDBs6Wctb8"`; got != want {
		t.Errorf("etag = %s, want %s", got, want)
	}
}
