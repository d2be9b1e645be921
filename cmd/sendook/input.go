package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"

	"github.com/sendook/sendook-go"
	"github.com/spf13/cobra"
)

// args checks that a command got exactly the named positional arguments,
// and says which is missing or too many.
func args(names ...string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, got []string) error {
		switch {
		case len(got) < len(names):
			return helpError{usageError{fmt.Errorf("missing %s", strings.Join(names[len(got):], " and "))}}
		case len(got) > len(names):
			return helpError{usageError{fmt.Errorf("unexpected argument %q", got[len(names)])}}
		}
		for i, g := range got {
			if strings.TrimSpace(g) == "" {
				return usageError{fmt.Errorf("%s is empty", names[i])}
			}
		}
		return nil
	}
}

// stdinReader hands out standard input once: two flags that both read "-"
// are a usage error, not a silently empty second body.
type stdinReader struct {
	in   io.Reader
	used string
}

// readFile reads the file named by flag, or standard input for "-".
func (s *stdinReader) readFile(flag, name string) ([]byte, error) {
	if name != "-" {
		b, err := os.ReadFile(name)
		if err != nil {
			return nil, usageError{fmt.Errorf("--%s: %w", flag, err)}
		}
		return b, nil
	}
	if s.used != "" {
		return nil, usageError{fmt.Errorf("--%s and --%s both read standard input (-); only one can", s.used, flag)}
	}
	s.used = flag
	return io.ReadAll(s.in)
}

// attachment reads one --attach file; "-" is standard input, named
// "stdin" with a content type from its first bytes.
func (s *stdinReader) attachment(name string) (sendook.Attachment, error) {
	if name != "-" {
		att, err := sendook.AttachmentFromFile(name)
		if err != nil {
			return att, usageError{fmt.Errorf("--attach: %w", err)}
		}
		return att, nil
	}
	data, err := s.readFile("attach", name)
	if err != nil {
		return sendook.Attachment{}, err
	}
	return sendook.NewAttachment("stdin", http.DetectContentType(data), data), nil
}

// body picks a message body from an inline flag or a file flag, not both.
func (s *stdinReader) body(flag, inline, file string) (string, error) {
	if inline != "" && file != "" {
		return "", usageError{fmt.Errorf("pass --%s or --%s-file, not both", flag, flag)}
	}
	if file == "" {
		return inline, nil
	}
	b, err := s.readFile(flag+"-file", file)
	return string(b), err
}

// clientForInbox returns a client and the id of the inbox named by ref (an
// id or an email address), which every command about one inbox needs.
func (a *app) clientForInbox(ctx context.Context, ref string) (*sendook.Client, string, error) {
	c, err := a.client()
	if err != nil {
		return nil, "", err
	}
	id, err := resolveInbox(ctx, c, ref)
	return c, id, err
}

// resolveInbox returns the id of the inbox named by ref: an id as it is,
// an email address through the list of inboxes.
func resolveInbox(ctx context.Context, c *sendook.Client, ref string) (string, error) {
	if !strings.Contains(ref, "@") {
		return ref, nil
	}
	inboxes, err := c.Inboxes.List(ctx)
	if err != nil {
		return "", err
	}
	for _, in := range inboxes {
		if strings.EqualFold(in.Email, ref) {
			return in.ID, nil
		}
	}
	return "", errors.New("no inbox has the address " + ref + ": sendook inboxes list shows them, sendook inboxes create --email makes one")
}
