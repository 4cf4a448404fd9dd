package schema

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// Timeouts of the server Serve runs.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 30 * time.Second
	writeTimeout      = 60 * time.Second
	idleTimeout       = 120 * time.Second
	shutdownTimeout   = 15 * time.Second
)

// Serve serves h on addr until ctx is cancelled, then shuts down
// gracefully: it stops accepting, lets requests in flight finish (for up
// to 15s) and returns nil. It returns an error when it cannot listen.
func Serve(ctx context.Context, addr string, h http.Handler, logger *slog.Logger) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("serve: listen on %s: %w", addr, err)
	}
	return serveListener(ctx, ln, h, logger)
}

// serveListener is Serve on a listener already open.
func serveListener(ctx context.Context, ln net.Listener, h http.Handler, logger *slog.Logger) error {
	return serveWith(ctx, ln, h, logger, defaultTimeouts())
}

// serverTimeouts are the http.Server timeouts Serve sets; tests shorten them.
type serverTimeouts struct {
	readHeader, read, write, idle, shutdown time.Duration
}

// defaultTimeouts are the timeouts of a real server.
func defaultTimeouts() serverTimeouts {
	return serverTimeouts{readHeaderTimeout, readTimeout, writeTimeout, idleTimeout, shutdownTimeout}
}

// serveWith is serveListener with the given timeouts.
func serveWith(ctx context.Context, ln net.Listener, h http.Handler, logger *slog.Logger, to serverTimeouts) error {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: to.readHeader,
		ReadTimeout:       to.read,
		WriteTimeout:      to.write,
		IdleTimeout:       to.idle,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	logger.Info("serving", "addr", ln.Addr().String())
	select {
	case err := <-done:
		return fmt.Errorf("serve %s: %w", ln.Addr(), err)
	case <-ctx.Done():
	}
	logger.Info("shutting down", "addr", ln.Addr().String())
	sctx, cancel := context.WithTimeout(context.Background(), to.shutdown)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
		return fmt.Errorf("serve %s: shut down: %w", ln.Addr(), err)
	}
	if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve %s: %w", ln.Addr(), err)
	}
	logger.Info("stopped", "addr", ln.Addr().String())
	return nil
}
