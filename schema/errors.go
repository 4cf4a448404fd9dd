package schema

import (
	"context"
	"errors"
	"fmt"

	"github.com/govkg/govkg/graph"
)

// Error codes, sent in each error's extensions so that a client can tell a
// refusal from a fault without parsing messages.
const (
	codeBadInput     = "BAD_USER_INPUT"
	codeNotFound     = "NOT_FOUND"
	codeLimit        = "LIMIT_EXCEEDED"
	codeUnauthorized = "UNAUTHENTICATED"
	codeReadOnly     = "READ_ONLY"
	codeTimeout      = "TIMEOUT"
	codeUnavailable  = "UNAVAILABLE"
	codeInternal     = "INTERNAL"
)

// publicError is an error whose message is safe to show to a client. Any
// other error a resolver returns is replaced by a generic message (and
// logged) before the response leaves the server, so that store internals,
// paths and stack traces never reach a client.
type publicError struct {
	code string
	msg  string
}

func (e *publicError) Error() string { return e.msg }

// Extensions puts the code in the GraphQL error's extensions.
func (e *publicError) Extensions() map[string]any { return map[string]any{"code": e.code} }

// userError reports bad input, naming it.
func userError(format string, a ...any) error {
	return &publicError{code: codeBadInput, msg: fmt.Sprintf(format, a...)}
}

// limitError reports an argument over a cap.
func limitError(format string, a ...any) error {
	return &publicError{code: codeLimit, msg: fmt.Sprintf(format, a...)}
}

// notFound reports that nothing answers to what was asked.
func notFound(format string, a ...any) error {
	return &publicError{code: codeNotFound, msg: fmt.Sprintf(format, a...)}
}

// storeError turns an error of the store into one a client may see when it
// is about the request (not found, invalid, cancelled); other errors pass
// through unchanged and are hidden by the handler.
func storeError(ctx context.Context, what string, err error) error {
	var pe *publicError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &pe):
		return err
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(ctx.Err(), context.DeadlineExceeded):
		return &publicError{code: codeTimeout, msg: what + ": the request ran out of time"}
	case errors.Is(err, context.Canceled):
		return &publicError{code: codeTimeout, msg: what + ": the request was cancelled"}
	case errors.Is(err, graph.ErrNotFound):
		return &publicError{code: codeNotFound, msg: what + ": not found"}
	case errors.Is(err, graph.ErrInvalid):
		return &publicError{code: codeBadInput, msg: what + ": " + err.Error()}
	}
	return fmt.Errorf("%s: %w", what, err)
}
