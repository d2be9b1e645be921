package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"
)

// Column widths beyond which table cells are cut, so that a row fits a
// terminal line. IDs, addresses in full and DNS values are never cut.
const (
	maxSubject = 50
	maxFrom    = 36
	maxURL     = 60
)

// output prints v as JSON when output is for a program, and calls table to
// print it for a person otherwise: the same data either way.
func (a *app) output(v any, table func(w io.Writer) error) error {
	if a.useJSON() {
		return a.printJSON(v)
	}
	return table(a.Out)
}

// printLine writes v as one line of JSON, for the streams of watch and
// listen (NDJSON).
func printLine(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// table is an aligned table with a header row.
type table struct {
	tw *tabwriter.Writer
}

func newTable(w io.Writer, headers ...string) *table {
	t := &table{tw: tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)}
	if len(headers) > 0 {
		t.row(headers...)
	}
	return t
}

func (t *table) row(cells ...string) {
	for i, c := range cells {
		c = oneLine(c)
		if i == len(cells)-1 {
			fmt.Fprintln(t.tw, c)
		} else {
			fmt.Fprint(t.tw, c, "\t")
		}
	}
}

func (t *table) flush() error { return t.tw.Flush() }

// fields prints label/value pairs aligned, for one resource.
func fields(w io.Writer, pairs ...string) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] == "" {
			continue
		}
		fmt.Fprintf(tw, "%s:\t%s\n", pairs[i], oneLine(pairs[i+1]))
	}
	return tw.Flush()
}

// when shows t in the local time zone, to the minute; "-" when unset.
func (a *app) when(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.In(a.loc).Format("2006-01-02 15:04")
}

// cut shortens s to at most n characters, ending in "…" when cut.
func cut(s string, n int) string {
	s = oneLine(s)
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// oneLine keeps a cell on one line and its tabs from breaking alignment.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '\n', '\r', '\t':
			return ' '
		}
		return r
	}, s)
}

// orDash is s, or "-" when it is empty, for table cells.
func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// plural is "1 message" or "2 messages", "2 deliveries".
func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	if stem, ok := strings.CutSuffix(word, "y"); ok {
		return fmt.Sprintf("%d %sies", n, stem)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// pad fills s with spaces to n characters, for lines printed one at a time
// that must still line up.
func pad(s string, n int) string {
	if k := utf8.RuneCountInString(s); k < n {
		return s + strings.Repeat(" ", n-k)
	}
	return s
}
