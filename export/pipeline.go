package export

import (
	"context"
	"runtime"
)

// job renders one piece of an export (a chunk of entities, one source's
// statements) by appending to b, reading the store as it needs to.
type job func(ctx context.Context, b []byte) ([]byte, error)

// pipeline renders jobs on several goroutines and writes their output in
// the order the jobs were made, so that the store's reads and the
// formatting of different pieces overlap while the output stays the same
// as a sequential run. At most depth jobs are in flight, so memory is
// bounded by depth pieces, not by the graph.
type pipeline struct {
	o     *out
	depth int
	bufs  chan []byte // buffers written out, for reuse
}

func newPipeline(o *out) *pipeline {
	depth := min(max(2*runtime.GOMAXPROCS(0), 2), 8)
	return &pipeline{o: o, depth: depth, bufs: make(chan []byte, depth+2)}
}

type result struct {
	b   []byte
	err error
}

// run calls produce, which calls emit once per job in output order, and
// writes each job's output as soon as it and every job before it are done.
// The first error (from produce, a job or the writer) stops everything and
// is returned.
func (p *pipeline) run(ctx context.Context, produce func(emit func(job) error) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	pending := make(chan chan result, p.depth)
	prodErr := make(chan error, 1)
	go func() {
		defer close(pending)
		prodErr <- produce(func(j job) error {
			done := make(chan result, 1)
			select {
			case pending <- done:
			case <-ctx.Done():
				return ctx.Err()
			}
			var b []byte
			select {
			case b = <-p.bufs:
			default:
			}
			go func() {
				out, err := j(ctx, b[:0])
				done <- result{out, err}
			}()
			return nil
		})
	}()
	var err error
	for done := range pending {
		r := <-done
		if err != nil {
			continue // drain: let every started job finish
		}
		if r.err != nil {
			err = r.err
			cancel()
			continue
		}
		if werr := p.o.write(r.b); werr != nil {
			err = werr
			cancel()
			continue
		}
		select {
		case p.bufs <- r.b:
		default:
		}
	}
	if perr := <-prodErr; err == nil {
		err = perr // after a job's error, the producer's is only "cancelled"
	}
	return err
}
