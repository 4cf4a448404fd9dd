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
	entities   *batched[graph.ID, *graph.Entity]
	edges      *batched[edgeKey, []graph.Triple]
	provenance *batched[graph.Triple, []graph.Provenance]
	sources    *batched[graph.ID, *graph.Source]
}

// batched is a dataloader that also keeps its batch function and cache at
// hand, so that a caller holding many keys at once reads them in one call
// (loadAll) instead of relying on the loader's timer to gather them.
type batched[K comparable, V any] struct {
	*dataloader.Loader[K, V]
	fn    dataloader.BatchFunc[K, V]
	cache dataloader.Cache[K, V]
}

func newBatched[K comparable, V any](fn dataloader.BatchFunc[K, V]) *batched[K, V] {
	cache := dataloader.NewCache[K, V]()
	return &batched[K, V]{
		Loader: dataloader.NewBatchedLoader(fn,
			dataloader.WithWait[K, V](loaderWait),
			dataloader.WithBatchCapacity[K, V](loaderBatch),
			dataloader.WithCache[K, V](cache)),
		fn:    fn,
		cache: cache,
	}
}

// loadAll returns the values of keys (errors by position), without
// waiting for the loader's timer. The keys not cached yet are read
// together, loaderBatch at a time, by one call of the batch function each,
// and primed into the cache for the resolvers that follow; the rest come
// from the cache (a key another resolver is loading waits for its batch).
func (b *batched[K, V]) loadAll(ctx context.Context, keys []K) ([]V, []error) {
	vals := make([]V, len(keys))
	errs := make([]error, len(keys))
	var missing []K
	var at map[K][]int // positions of each missing key in keys
	for i, k := range keys {
		if th, ok := b.cache.Get(ctx, k); ok {
			vals[i], errs[i] = th()
			continue
		}
		if at == nil {
			at = make(map[K][]int, len(keys)-i)
		}
		if _, dup := at[k]; !dup {
			missing = append(missing, k)
		}
		at[k] = append(at[k], i)
	}
	for start := 0; start < len(missing); start += loaderBatch {
		chunk := missing[start:min(start+loaderBatch, len(missing))]
		res := b.fn(ctx, chunk)
		for j, k := range chunk {
			var v V
			var err error
			switch {
			case j >= len(res) || res[j] == nil:
				err = fmt.Errorf("the batch function returned %d results for %d keys", len(res), len(chunk))
			case res[j].Error != nil:
				err = res[j].Error // not cached: a later load asks again
			default:
				v = res[j].Data
				b.Prime(ctx, k, v)
			}
			for _, i := range at[k] {
				vals[i], errs[i] = v, err
			}
		}
	}
	return vals, errs
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
		entities:   newBatched(entityFn),
		edges:      newBatched(edgeFn),
		provenance: newBatched(provFn),
		sources:    newBatched(sourceFn),
	}
}

// entity returns the entity id, or nil when there is none. A resolver
// that runs beside others of its kind uses it: their keys share one read
// after the loader's short wait.
func (l *loaders) entity(ctx context.Context, id graph.ID) (*graph.Entity, error) {
	return l.entities.Load(ctx, id)()
}

// entityNow is entity for a resolver that runs alone (a root field
// resolving its argument): it reads at once instead of waiting for
// others to join the batch.
func (l *loaders) entityNow(ctx context.Context, id graph.ID) (*graph.Entity, error) {
	es, errs := l.entities.loadAll(ctx, []graph.ID{id})
	return es[0], errs[0]
}

// entitiesOf returns the entities ids in order, leaving out missing ones.
func (l *loaders) entitiesOf(ctx context.Context, ids []graph.ID) ([]*graph.Entity, error) {
	es, errs := l.entities.loadAll(ctx, ids)
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
