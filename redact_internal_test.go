package sendook

import "testing"

// A body keeps no JSON-escaped spelling of the key either.
func TestRedactBodyJSONForms(t *testing.T) {
	const secret = `a/b<c>&"d`
	body := `{"x":"a/b<c>&\"d","y":"a\/b\u003cc\u003e\u0026\"d","z":"a/b\u003cc\u003e\u0026\"d"}`
	want := `{"x":"[REDACTED]","y":"[REDACTED]","z":"[REDACTED]"}`
	if got := string(redactBody([]byte(body), secret)); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
