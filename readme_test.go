package sendook_test

import (
	"bufio"
	"bytes"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestREADMECodeCompiles type-checks every ```go block of README.md against
// this module, so that the README cannot drift from the API.
//
// A block that is a list of declarations (a function, an import) is checked
// as a file; any other block is a fragment and is checked as the body of a
// function. Both see snippetPrelude's variables (ctx, client, inbox, ...)
// and, unless the block has imports of its own, snippetImports. Unused
// variables and imports are allowed: fragments declare things for the reader
// and stop. Anything else, such as a method that does not exist or a
// parameter of the wrong type, fails the test with the README's line.
func TestREADMECodeCompiles(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := goBlocks(readme)
	// The README has well over ten Go blocks; far fewer means the fences
	// are not being found.
	if len(blocks) < 10 {
		t.Fatalf("found only %d go blocks in README.md", len(blocks))
	}
	c := newSnippetChecker(t, blocks)
	for _, b := range blocks {
		t.Run("line"+strconv.Itoa(b.line), func(t *testing.T) {
			for _, err := range c.check(b) {
				t.Errorf("%v\nin the block:\n%s", err, b.code)
			}
		})
	}
}

// TestREADMECheckerRejectsBrokenCode makes sure that the check above can
// fail.
func TestREADMECheckerRejectsBrokenCode(t *testing.T) {
	good := []snippet{
		{line: 1, code: "inbox, err := client.Inboxes.Create(ctx, nil)\n"},
		{line: 1, code: "func f(t *testing.T) {\n\tsrv := sendooktest.NewServer()\n\tdefer srv.Close()\n}\n"},
	}
	bad := []snippet{
		{line: 10, code: "inbox, err := client.Inboxes.Create(ctx, \"support\")\n"},                // wrong argument type
		{line: 20, code: "msg, err := client.Messages.Forward(ctx, inbox.ID, msg.ID)\n"},           // no such method
		{line: 30, code: "for range 3 {\n\tundefinedThing()\n}\n"},                                 // undefined name
		{line: 40, code: "func f() {\n\treturn 1\n}\n"},                                            // a file with an error
		{line: 50, code: "client := sendook.NewClient(apiKey, sendook.WithRetries(3))\n"},          // no such option
		{line: 60, code: "inbox, err := client.Inboxes.Create(ctx, &sendook.CreateInboxParams{\n"}, // does not parse
	}
	c := newSnippetChecker(t, append(good, bad...))
	for _, s := range good {
		if errs := c.check(s); len(errs) > 0 {
			t.Errorf("valid snippet %q rejected: %v", s.code, errs)
		}
	}
	for _, s := range bad {
		errs := c.check(s)
		if len(errs) == 0 {
			t.Errorf("broken snippet %q accepted", s.code)
			continue
		}
		// Errors point into the README, at the snippet's lines.
		lines := strings.Count(s.code, "\n")
		if !slices.ContainsFunc(errs, func(err error) bool {
			for n := s.line; n <= s.line+lines; n++ {
				if strings.Contains(err.Error(), "README.md:"+strconv.Itoa(n)+":") {
					return true
				}
			}
			return false
		}) {
			t.Errorf("errors %q for %q do not name a line of the snippet, from README.md:%d", errs, s.code, s.line)
		}
	}
}

// snippet is the code of a ```go block and the README line it starts on.
type snippet struct {
	line int
	code string
}

// goBlocks returns the ```go blocks of a Markdown document, with the
// indentation of their fence removed.
func goBlocks(md []byte) []snippet {
	var out []snippet
	var cur *snippet
	var indent string
	sc := bufio.NewScanner(bytes.NewReader(md))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		switch {
		case cur == nil && trimmed == "```go":
			cur = &snippet{line: n + 1}
			indent = line[:strings.Index(line, "`")]
		case cur != nil && trimmed == "```":
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			cur.code += strings.TrimPrefix(line, indent) + "\n"
		}
	}
	return out
}

// snippetImports are the packages every block without imports of its own
// may use.
var snippetImports = []string{
	"context", "errors", "fmt", "io", "log", "log/slog", "net/http", "net/http/httptest",
	"os", "strings", "testing", "time",
	"github.com/sendook/sendook-go", "github.com/sendook/sendook-go/sendooktest",
}

// snippetPrelude declares what the README's fragments take as given.
const snippetPrelude = `package readme

import (
	"context"
	"net/http"
	"testing"

	sendook "github.com/sendook/sendook-go"
	"github.com/sendook/sendook-go/sendooktest"
)

var (
	ctx    context.Context
	client *sendook.Client
	srv    *sendooktest.Server
	inbox  *sendook.Inbox
	msg    *sendook.Message
	sent   []sendook.Message
	err    error

	apiKey, id, secret string

	t *testing.T
	w http.ResponseWriter
	r *http.Request
)
`

// snippetChecker type-checks snippets against export data that the go
// command built for the packages they import.
type snippetChecker struct {
	imp types.Importer
}

// newSnippetChecker prepares to check snippets: it asks the go command,
// offline, for the export data of every package they import.
func newSnippetChecker(t *testing.T, snippets []snippet) *snippetChecker {
	t.Helper()
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not available:", err)
	}
	paths := slices.Clone(snippetImports)
	for _, s := range snippets {
		if f, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+s.code, parser.ImportsOnly); err == nil {
			for _, spec := range f.Imports {
				p, _ := strconv.Unquote(spec.Path.Value)
				paths = append(paths, p)
			}
		}
	}
	slices.Sort(paths)
	paths = slices.Compact(paths)

	cmd := exec.Command(goCmd, append([]string{"list", "-export", "-deps", "-f", "{{.ImportPath}}\t{{.Export}}"}, paths...)...)
	// Everything is in the module cache already; never reach the network.
	cmd.Env = append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=readonly")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -export: %v\n%s", err, stderr.String())
	}
	exports := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if path, file, ok := strings.Cut(line, "\t"); ok && file != "" {
			exports[path] = file
		}
	}
	fset := token.NewFileSet()
	return &snippetChecker{imp: importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		file, ok := exports[path]
		if !ok {
			return nil, fmt.Errorf("no export data for %q: add it to snippetImports", path)
		}
		return os.Open(file)
	})}
}

// check type-checks one snippet with the prelude and returns its errors,
// positioned in README.md.
func (c *snippetChecker) check(s snippet) []error {
	fset := token.NewFileSet()
	prelude, err := parser.ParseFile(fset, "prelude.go", snippetPrelude, 0)
	if err != nil {
		return []error{err}
	}

	// The //line comment makes positions in the snippet README positions.
	var src string
	asFile, fileErr := parser.ParseFile(token.NewFileSet(), "", "package readme\n"+s.code, parser.ImportsOnly)
	isFile := fileErr == nil
	if isFile {
		_, fileErr = parser.ParseFile(token.NewFileSet(), "", "package readme\n"+s.code, 0)
		isFile = fileErr == nil
	}
	imports := ""
	if !isFile || len(asFile.Imports) == 0 {
		imports = "import (\n"
		for _, p := range snippetImports {
			imports += "\t" + strconv.Quote(p) + "\n"
		}
		imports += ")\n"
	}
	if isFile {
		src = "package readme\n" + imports + "//line README.md:" + strconv.Itoa(s.line) + "\n" + s.code
	} else {
		src = "package readme\n" + imports + "func _() {\n//line README.md:" + strconv.Itoa(s.line) + "\n" + s.code + "}\n"
	}
	f, err := parser.ParseFile(fset, "snippet.go", src, parser.SkipObjectResolution)
	if err != nil {
		return []error{err}
	}

	var errs []error
	conf := types.Config{
		Importer:  c.imp,
		GoVersion: "go1.23", // the module's
		Error: func(err error) {
			if te, ok := err.(types.Error); ok && te.Soft && unusedError(te.Msg) {
				return
			}
			errs = append(errs, err)
		},
	}
	conf.Check("readme", fset, []*ast.File{prelude, f}, nil)
	return errs
}

// unusedError reports whether msg is about something declared or imported
// and not used, which snippets may well be: "declared and not used: x",
// "\"fmt\" imported and not used", "\"...\" imported as x and not used".
func unusedError(msg string) bool {
	return strings.Contains(msg, " and not used")
}
