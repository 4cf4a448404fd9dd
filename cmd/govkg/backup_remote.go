package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/govkg/govkg/schema"
)

// backupFrom streams a backup from a running server (GET /admin/backup
// with the bearer token) to out ("-" for standard output). A file is
// written beside out under a temporary name and renamed only once the
// server's checksum trailer matches what arrived, so a cut stream never
// leaves a file that looks like a backup.
func (a *app) backupFrom(ctx context.Context, from, token, out string) error {
	if token == "" {
		token = os.Getenv("GOVKG_TOKEN")
	}
	if token == "" {
		return usageError{errors.New("backup --from: the server's token is needed (--token or GOVKG_TOKEN)")}
	}
	endpoint, err := backupURL(from)
	if err != nil {
		return usageError{err}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, endpoint, nil)
	if err != nil {
		return fmt.Errorf("backup from %s: %w", from, err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("backup from %s: %w", from, err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(res.Body, 4096))
		return fmt.Errorf("backup from %s: the server answered %s: %s", from, res.Status, strings.TrimSpace(string(msg)))
	}

	if out == "-" {
		return receiveBackup(res, a.stdout, from)
	}
	if _, err := os.Lstat(out); err == nil {
		return fmt.Errorf("backup to %s: the file exists", out)
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".part-*")
	if err != nil {
		return fmt.Errorf("backup to %s: %w", out, err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	defer tmp.Close()
	if err := tmp.Chmod(0o600); err != nil {
		return fmt.Errorf("backup to %s: %w", out, err)
	}
	if err := receiveBackup(res, tmp, from); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("backup to %s: %w", out, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("backup to %s: %w", out, err)
	}
	// Link, not rename: it fails rather than replace a file that appeared meanwhile.
	if err := os.Link(tmp.Name(), out); err != nil {
		return fmt.Errorf("backup to %s: %w", out, err)
	}
	return nil
}

// receiveBackup copies the body to w and checks the checksum trailer.
func receiveBackup(res *http.Response, w io.Writer, from string) error {
	sum := sha256.New()
	n, err := io.Copy(io.MultiWriter(w, sum), res.Body)
	if err != nil {
		return fmt.Errorf("backup from %s: the stream broke after %d bytes: %w", from, n, err)
	}
	if msg := res.Trailer.Get(schema.BackupErrorTrailer); msg != "" {
		return fmt.Errorf("backup from %s: the server failed: %s", from, msg)
	}
	want := res.Trailer.Get(schema.BackupSHA256Trailer)
	if want == "" {
		return fmt.Errorf("backup from %s: the stream ended after %d bytes without the server's checksum", from, n)
	}
	if got := hex.EncodeToString(sum.Sum(nil)); got != want {
		return fmt.Errorf("backup from %s: checksum %s, the server sent %s", from, got, want)
	}
	return nil
}

// backupURL turns --from (http://HOST:PORT, HOST:PORT, or a URL that
// already names the endpoint) into the backup endpoint's URL.
func backupURL(from string) (string, error) {
	s := strings.TrimSpace(from)
	if !strings.Contains(s, "://") {
		s = "http://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return "", fmt.Errorf("--from %q: want the server's address, such as http://127.0.0.1:8080", from)
	}
	if !strings.HasSuffix(u.Path, schema.BackupPath) {
		u.Path = strings.TrimSuffix(u.Path, "/") + schema.BackupPath
	}
	return u.String(), nil
}

// lockedHint adds, to the error of opening a store that another process
// holds, how to back it up anyway.
func lockedHint(err error) error {
	if strings.Contains(err.Error(), "in use by another process") {
		return fmt.Errorf("%w\nto back up a store that govkg serve holds, ask the server: govkg backup --from http://ADDR --token TOKEN --out FILE", err)
	}
	return err
}
