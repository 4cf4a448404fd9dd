package graph

import (
	"context"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/dgraph-io/badger/v4"
)

// Backup writes a consistent snapshot of the whole store to w in Badger's
// stream backup format (what Restore reads). Writes may go on meanwhile;
// they are not in the snapshot.
func (s *Store) Backup(ctx context.Context, w io.Writer) error {
	if err := checkCtx(ctx); err != nil {
		return fmt.Errorf("backup %s: %w", s.dir, err)
	}
	// One producer: Badger's stream gives each producer a read
	// transaction of its own, so with more than one (the default, 8) a
	// write between their starts lands in some key ranges of the backup
	// and not in others, and the restored store fails its check.
	stream := s.db.NewStream()
	stream.LogPrefix = "govkg.Backup"
	stream.NumGo = 1
	if _, err := stream.Backup(ctxWriter{ctx: ctx, w: w}, 0); err != nil {
		return fmt.Errorf("backup %s: %w", s.dir, err)
	}
	return nil
}

// Restore loads a backup made by Backup into the store described by opts,
// which must be new or empty: it refuses a store that holds anything. The
// restored store is checked before Restore returns.
func Restore(ctx context.Context, opts Options, r io.Reader) error {
	if opts.ReadOnly {
		return fmt.Errorf("restore into %s: the store is opened read-only", opts.Dir)
	}
	s, err := Open(opts)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if err := s.restore(ctx, r); err != nil {
		s.Close()
		return fmt.Errorf("restore into %s: %w", opts.Dir, err)
	}
	return s.Close()
}

func (s *Store) restore(ctx context.Context, r io.Reader) error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	empty, err := s.isEmpty()
	if err != nil {
		return err
	}
	if !empty {
		return fmt.Errorf("the store is not empty; restore into a new directory")
	}
	if err := s.db.Load(&frameGuard{r: ctxReader{ctx: ctx, r: r}}, 16); err != nil {
		return fmt.Errorf("load backup: %w", err)
	}
	if err := s.init(false); err != nil {
		return fmt.Errorf("after loading: %w", err)
	}
	rep, err := s.Check(ctx)
	if err != nil {
		return err
	}
	if !rep.OK() {
		return fmt.Errorf("the restored store fails its check (%d problems), first: %s", len(rep.Problems), rep.Problems[0])
	}
	return nil
}

// isEmpty reports whether the store holds nothing but its format marker.
func (s *Store) isEmpty() (bool, error) {
	empty := true
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: false})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			if k := it.Item().Key(); !(len(k) == 2 && k[0] == tMeta && k[1] == 'f') {
				empty = false
				return nil
			}
		}
		return nil
	})
	return empty, err
}

// ctxWriter stops a stream when its context is done.
type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c ctxWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}

// ctxReader stops a stream when its context is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// maxFrame bounds one frame of a backup stream. Badger writes frames of
// about 100 MB at most; the bound stops garbage from being read as a
// frame length that Load would try to allocate.
const maxFrame = 1 << 30

// frameGuard follows the framing of a backup stream (an eight-byte
// little-endian length, then that many bytes) as it passes through, and
// fails on a length no backup has.
type frameGuard struct {
	r      io.Reader
	hdr    [8]byte
	hdrLen int
	body   uint64 // bytes left in the current frame
	frames int
}

func (g *frameGuard) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	for i := 0; i < n; {
		if g.body > 0 {
			k := min(uint64(n-i), g.body)
			g.body -= k
			i += int(k)
			continue
		}
		g.hdr[g.hdrLen] = p[i]
		g.hdrLen++
		i++
		if g.hdrLen == len(g.hdr) {
			g.hdrLen = 0
			g.body = binary.LittleEndian.Uint64(g.hdr[:])
			if g.body > maxFrame {
				return 0, fmt.Errorf("not a govkg backup: frame %d claims %d bytes", g.frames, g.body)
			}
			g.frames++
		}
	}
	return n, err
}
