package schema

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"io"
	"net/http"
	"strconv"
	"time"
)

// Admin endpoints. They need the server's bearer token: a server started
// without one has none.

// Trailers of GET /admin/backup: the hex SHA-256 of the body when the
// backup is whole, else the reason it is not. A client keeps the backup
// only when the checksum trailer matches what it read.
const (
	BackupSHA256Trailer = "X-Govkg-Backup-Sha256"
	BackupErrorTrailer  = "X-Govkg-Backup-Error"
)

// BackupPath is where the handler serves backups.
const BackupPath = "/admin/backup"

// backupWriteTimeout bounds one write of a backup stream: the server's
// write timeout, meant for API answers, would cut a large backup short,
// so each write gets this much from when it starts instead.
const backupWriteTimeout = 60 * time.Second

// serveBackup streams a consistent snapshot of the store (graph.Store
// Backup: Badger's stream backup format, one read transaction) to a client
// holding the token, so that a running server can be backed up: Badger's
// directory lock keeps any other process from opening the store.
func (h *handler) serveBackup(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", "GET")
		writeErrors(w, http.StatusMethodNotAllowed, "method "+r.Method+" not allowed: use GET")
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	if h.opts.Token == "" {
		writeErrors(w, http.StatusForbidden, "this server was started without a token, so it serves no backups")
		return
	}
	if !h.authorized(r) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="govkg"`)
		writeErrors(w, http.StatusUnauthorized, "a backup needs the header Authorization: Bearer <token> with this server's token")
		return
	}
	rid, _ := r.Context().Value(requestIDKey{}).(string)
	hd := w.Header()
	hd.Set("Trailer", BackupSHA256Trailer+", "+BackupErrorTrailer)
	hd.Set("Content-Type", "application/octet-stream")
	hd.Set("Content-Disposition", `attachment; filename="govkg.backup"`)
	w.WriteHeader(http.StatusOK)

	bw := &backupWriter{w: w, rc: http.NewResponseController(w), sum: sha256.New()}
	start := time.Now()
	err := h.store.Backup(r.Context(), bw)
	if err == nil {
		err = bw.rc.Flush()
	}
	if err != nil {
		h.log.Error("backup failed", "request_id", rid, "bytes", bw.n, "err", err)
		hd.Set(BackupErrorTrailer, "the backup stopped after "+strconv.FormatInt(bw.n, 10)+" bytes (request "+rid+")")
		return
	}
	hd.Set(BackupSHA256Trailer, hex.EncodeToString(bw.sum.Sum(nil)))
	h.log.Info("backup served", "request_id", rid, "bytes", bw.n, "duration", time.Since(start))
}

// backupWriter writes a backup to the client, extending the write
// deadline before each write and hashing what it sends.
type backupWriter struct {
	w   io.Writer
	rc  *http.ResponseController
	sum hash.Hash
	n   int64
}

func (b *backupWriter) Write(p []byte) (int, error) {
	// Not every ResponseWriter supports deadlines (httptest's recorder
	// does not); the server's own then stays in force.
	_ = b.rc.SetWriteDeadline(time.Now().Add(backupWriteTimeout))
	n, err := b.w.Write(p)
	b.sum.Write(p[:n])
	b.n += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection beneath the
// request log's recorder.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
