package schema

import (
	"context"
	"fmt"
	"time"

	"github.com/graph-gophers/dataloader/v7"

	"github.com/govkg/govkg/graph"
)

// This file holds the per-request dataloaders: every entity, edge list,
// provenance list and source that a request touches is fetched through
// them, so that the resolvers of a list of N entities share one store read
// instead of making N, and a request never sees a value cached by another.

// loaderWait is how long a loader collects keys before it reads. The list
// resolvers hand their keys over all at once (see prefetch), so this only
// needs to cover resolvers running side by side.
const loaderWait = time.Millisecond

// loaderBatch caps the keys of one store read.
const loaderBatch = 1000

// edgeKey names the edges of one entity with one predicate in one
// direction (Out: the entity is the subject; In: it is the object).
type edgeKey struct {
	id   graph.ID
	pred graph.Predicate
	dir  graph.Direction
}

// batchHooks lets tests wrap the batch functions, to count the store reads
// a request makes. Production code passes the zero value.
type batchHooks struct {
	entities func(dataloader.BatchFunc[graph.ID, *graph.Entity]) dataloader.BatchFunc[graph.ID, *graph.Entity]
	edges    func(dataloader.BatchFunc[edgeKey, []graph.Triple]) dataloader.BatchFunc[edgeKey, []graph.Triple]
}

// loaders are the dataloaders of one request.
type loaders struct {
	entities   *dataloader.Loader[graph.ID, *graph.Entity]
	edges      *dataloader.Loader[edgeKey, []graph.Triple]
	provenance *dataloader.Loader[graph.Triple, []graph.Provenance]
	sources    *dataloader.Loader[graph.ID, *graph.Source]
}

// newLoaders makes the loaders for one request over store. edgeCap bounds
// the edges read per entity, predicate and direction.
func newLoaders(store *graph.Store, edgeCap int, hooks batchHooks) *loaders {
	entityFn := func(ctx context.Context, ids []graph.ID) []*dataloader.Result[*graph.Entity] {
		out := make([]*dataloader.Result[*graph.Entity], len(ids))
		es, err := store.EntitiesByID(ctx, ids)
		for i := range ids {
			switch {
			case err != nil:
				out[i] = &dataloader.Result[*graph.Entity]{Error: fmt.Errorf("read entities: %w", err)}
			case i < len(es):
				out[i] = &dataloader.Result[*graph.Entity]{Data: es[i]}
			default:
				out[i] = &dataloader.Result[*graph.Entity]{}
			}
		}
		return out
	}
	edgeFn := func(ctx context.Context, keys []edgeKey) []*dataloader.Result[[]graph.Triple] {
		out := make([]*dataloader.Result[[]graph.Triple], len(keys))
		for i, k := range keys {
			pat := graph.Pattern{Predicate: k.pred}
			if k.dir == graph.In {
				v := graph.EntityValue(k.id)
				pat.Object = &v
			} else {
				pat.Subject = k.id
			}
			page, err := store.Match(ctx, pat, graph.PageRequest{First: edgeCap})
			if err != nil {
				out[i] = &dataloader.Result[[]graph.Triple]{Error: fmt.Errorf("read %s edges of %s: %w", k.pred, k.id, err)}
				continue
			}
			out[i] = &dataloader.Result[[]graph.Triple]{Data: page.Triples}
		}
		return out
	}
	provFn := func(ctx context.Context, ts []graph.Triple) []*dataloader.Result[[]graph.Provenance] {
		out := make([]*dataloader.Result[[]graph.Provenance], len(ts))
		for i, t := range ts {
			ps, err := store.Provenance(ctx, t)
			if err != nil {
				err = fmt.Errorf("read provenance: %w", err)
			}
			out[i] = &dataloader.Result[[]graph.Provenance]{Data: ps, Error: err}
		}
		return out
	}
	sourceFn := func(ctx context.Context, ids []graph.ID) []*dataloader.Result[*graph.Source] {
		out := make([]*dataloader.Result[*graph.Source], len(ids))
		for i, id := range ids {
			src, err := store.Source(ctx, id)
			if err != nil {
				out[i] = &dataloader.Result[*graph.Source]{Error: fmt.Errorf("read source %s: %w", id, err)}
				continue
			}
			out[i] = &dataloader.Result[*graph.Source]{Data: &src}
		}
		return out
	}
	if hooks.entities != nil {
		entityFn = hooks.entities(entityFn)
	}
	if hooks.edges != nil {
		edgeFn = hooks.edges(edgeFn)
	}
	return &loaders{
		entities: dataloader.NewBatchedLoader(entityFn,
			dataloader.WithWait[graph.ID, *graph.Entity](loaderWait),
			dataloader.WithBatchCapacity[graph.ID, *graph.Entity](loaderBatch)),
		edges: dataloader.NewBatchedLoader(edgeFn,
			dataloader.WithWait[edgeKey, []graph.Triple](loaderWait),
			dataloader.WithBatchCapacity[edgeKey, []graph.Triple](loaderBatch)),
		provenance: dataloader.NewBatchedLoader(provFn,
			dataloader.WithWait[graph.Triple, []graph.Provenance](loaderWait),
			dataloader.WithBatchCapacity[graph.Triple, []graph.Provenance](loaderBatch)),
		sources: dataloader.NewBatchedLoader(sourceFn,
			dataloader.WithWait[graph.ID, *graph.Source](loaderWait),
			dataloader.WithBatchCapacity[graph.ID, *graph.Source](loaderBatch)),
	}
}

// entity returns the entity id, or nil when there is none.
func (l *loaders) entity(ctx context.Context, id graph.ID) (*graph.Entity, error) {
	return l.entities.Load(ctx, id)()
}

// loadAll loads keys through l and waits for them. Unlike LoadMany, which
// starts a goroutine per key, it queues every key before it waits, so they
// all land in the same batch.
func loadAll[K comparable, V any](ctx context.Context, l *dataloader.Loader[K, V], keys []K) ([]V, []error) {
	thunks := make([]dataloader.Thunk[V], len(keys))
	for i, k := range keys {
		thunks[i] = l.Load(ctx, k)
	}
	vals := make([]V, len(keys))
	errs := make([]error, len(keys))
	for i, th := range thunks {
		vals[i], errs[i] = th()
	}
	return vals, errs
}

// queue starts loading keys through l without waiting for them.
func queue[K comparable, V any](ctx context.Context, l *dataloader.Loader[K, V], keys []K) {
	for _, k := range keys {
		l.Load(ctx, k)
	}
}

// entitiesOf returns the entities ids in order, leaving out missing ones.
func (l *loaders) entitiesOf(ctx context.Context, ids []graph.ID) ([]*graph.Entity, error) {
	es, errs := loadAll(ctx, l.entities, ids)
	out := make([]*graph.Entity, 0, len(es))
	for i, e := range es {
		if errs[i] != nil {
			return nil, errs[i]
		}
		if e != nil {
			out = append(out, e)
		}
	}
	return out, nil
}

// edgesOf returns the edges of one entity, predicate and direction.
func (l *loaders) edgesOf(ctx context.Context, k edgeKey) ([]graph.Triple, error) {
	return l.edges.Load(ctx, k)()
}
