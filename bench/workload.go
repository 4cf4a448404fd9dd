package bench

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/govkg/govkg/graph"
)

// Question is one of the questions every system answers.
type Question int

// The questions.
const (
	QOut           Question = iota // the out-edges of a node (entity and literal objects)
	QIn                            // the in-edges of a node
	QNeighbourhood                 // the nodes within 3 hops, either way, at most 1,000
	QPath                          // a shortest path between two nodes, either way, at most PathMaxDepth hops
	QImplements                    // the resolutions a programme implements, transitively
)

// Parameters of the questions, the same for every system.
const (
	NeighbourhoodDepth = 3
	NeighbourhoodCap   = 1000
	PathMaxDepth       = 4 // pairs are drawn at most walkHops apart, so a path exists
	walkHops           = 3
)

// Questions lists the questions in report order.
func Questions() []Question { return []Question{QOut, QIn, QNeighbourhood, QPath, QImplements} }

// String names the question for logs and the report.
func (q Question) String() string {
	switch q {
	case QOut:
		return "1-hop out-edges"
	case QIn:
		return "1-hop in-edges"
	case QNeighbourhood:
		return fmt.Sprintf("depth-%d neighbourhood (≤%d nodes)", NeighbourhoodDepth, NeighbourhoodCap)
	case QPath:
		return "shortest path"
	case QImplements:
		return "resolutions implemented, transitively"
	}
	return fmt.Sprintf("question(%d)", int(q))
}

// Short is a short label for the plot.
func (q Question) Short() string {
	switch q {
	case QOut:
		return "out-edges"
	case QIn:
		return "in-edges"
	case QNeighbourhood:
		return "neighbourhood"
	case QPath:
		return "shortest path"
	case QImplements:
		return "implements*"
	}
	return q.String()
}

// Arg is the argument of one question: a node, and for QPath the other end.
type Arg struct {
	Node graph.ID
	To   graph.ID
}

// Workload holds the arguments of every question: the same for every
// system. The first Warmup of each list warm the system up; the rest are
// measured.
type Workload struct {
	Args map[Question][]Arg
}

// NewWorkload draws n arguments per question from the store with a fixed
// seed: nodes uniformly among all entities (out-edges, in-edges,
// neighbourhood), programmes uniformly among programmes (implements), and
// for paths a start node and the node a random walk of walkHops steps
// (edges either way) ends on, so that a path of at most walkHops exists.
func NewWorkload(ctx context.Context, s *graph.Store, seed int64, n int) (*Workload, error) {
	var all, programmes []graph.ID
	err := s.ForEachEntity(ctx, func(e graph.Entity) error {
		all = append(all, e.ID)
		if e.Type == graph.Programme {
			programmes = append(programmes, e.ID)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("bench workload: %w", err)
	}
	if len(all) == 0 || len(programmes) == 0 {
		return nil, fmt.Errorf("bench workload: the graph has %d entities and %d programmes; need some of each", len(all), len(programmes))
	}
	rng := rand.New(rand.NewPCG(uint64(seed), 0x62656e6368)) // "bench"
	w := &Workload{Args: map[Question][]Arg{}}
	pick := func(ids []graph.ID) graph.ID { return ids[rng.IntN(len(ids))] }
	for range n {
		w.Args[QOut] = append(w.Args[QOut], Arg{Node: pick(all)})
		w.Args[QIn] = append(w.Args[QIn], Arg{Node: pick(all)})
		w.Args[QNeighbourhood] = append(w.Args[QNeighbourhood], Arg{Node: pick(all)})
		w.Args[QImplements] = append(w.Args[QImplements], Arg{Node: pick(programmes)})
	}
	for tries := 0; len(w.Args[QPath]) < n; tries++ {
		if tries > 100*n {
			return nil, fmt.Errorf("bench workload: found only %d of %d connected pairs", len(w.Args[QPath]), n)
		}
		from := pick(all)
		to, err := randomWalk(ctx, s, rng, from, walkHops)
		if err != nil {
			return nil, err
		}
		if to != from && to != (graph.ID{}) {
			w.Args[QPath] = append(w.Args[QPath], Arg{Node: from, To: to})
		}
	}
	return w, nil
}

// randomWalk follows hops random edges (either way) from start and
// returns where it ends, or the zero ID when it gets stuck.
func randomWalk(ctx context.Context, s *graph.Store, rng *rand.Rand, start graph.ID, hops int) (graph.ID, error) {
	at := start
	for range hops {
		sg, err := s.Neighbourhood(ctx, at, graph.TraverseOptions{Depth: 1, Direction: graph.Both})
		if err != nil {
			return graph.ID{}, fmt.Errorf("bench workload: walk from %s: %w", at, err)
		}
		if len(sg.Nodes) < 2 {
			return graph.ID{}, nil
		}
		at = sg.Nodes[1+rng.IntN(len(sg.Nodes)-1)]
	}
	return at, nil
}

// measured returns the arguments that are measured, after warm ones.
func (w *Workload) measured(q Question, warm int) []Arg {
	a := w.Args[q]
	if warm > len(a) {
		warm = len(a)
	}
	return a[warm:]
}
