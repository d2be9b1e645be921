package mcpserver

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	sendook "github.com/sendook/sendook-go"
)

// failure turns an error of the Sendook client into the message of an
// isError tool result, worded so that a model knows what to do next.
// missing names what a 404 means ("message abc in inbox x"), and hint says
// where to look instead. The API key is never part of any of it: the
// client's errors do not carry it.
func failure(err error, missing, hint string) error {
	var apiErr *sendook.APIError
	var valErr *sendook.ValidationError
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	case errors.As(err, &valErr) && valErr.Field == "apiKey":
		return errors.New("this MCP server has no usable Sendook API key: whoever runs it must fix its configuration; retrying will not help")
	case errors.As(err, &valErr):
		return fmt.Errorf("invalid argument: %s %s", valErr.Field, valErr.Reason)
	case errors.Is(err, sendook.ErrNotFound):
		return fmt.Errorf("%s not found; %s", missing, hint)
	case errors.Is(err, sendook.ErrUnauthorized):
		return errors.New("the Sendook server refused this MCP server's API key: whoever runs the MCP server must fix its configuration; retrying will not help")
	case errors.Is(err, sendook.ErrRateLimited):
		wait := "a while"
		if errors.As(err, &apiErr) && apiErr.RetryAfter > 0 {
			wait = apiErr.RetryAfter.Round(time.Second).String()
		}
		return fmt.Errorf("the Sendook rate limit was reached; try again in %s", wait)
	case errors.As(err, &apiErr) && errors.Is(err, sendook.ErrInvalidRequest):
		msg := "the Sendook server refused the request: " + apiErr.Message
		for _, f := range apiErr.Fields {
			msg += fmt.Sprintf("; %s: %s", f.Field, f.Message)
		}
		return errors.New(msg)
	case errors.As(err, &apiErr) && apiErr.StatusCode == 500 && missing != "":
		// The open-source server answers an id that is not one of its
		// ObjectIDs with a 500, so the id is the likelier mistake.
		return fmt.Errorf("the Sendook server failed (500 %s), as it does for an id it never issued: check %s (%s); otherwise try again in a minute", apiErr.Message, missing, hint)
	case errors.As(err, &apiErr) && errors.Is(err, sendook.ErrServer):
		return fmt.Errorf("the Sendook server failed (%d %s); try again in a minute", apiErr.StatusCode, apiErr.Message)
	case errors.As(err, &apiErr):
		return fmt.Errorf("the Sendook server answered %d: %s", apiErr.StatusCode, apiErr.Message)
	}
	return fmt.Errorf("could not reach Sendook (%s); try again in a minute", strings.TrimPrefix(err.Error(), "sendook: "))
}

// sendFailure is failure for a send or a reply, which a server error may
// have sent all the same.
func sendFailure(err error, missing, hint string) error {
	if errors.Is(err, sendook.ErrServer) || !errors.As(err, new(*sendook.APIError)) && !errors.As(err, new(*sendook.ValidationError)) && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("%w. The email may have gone out all the same: check list_messages of the inbox before sending again", failure(err, missing, hint))
	}
	return failure(err, missing, hint)
}
