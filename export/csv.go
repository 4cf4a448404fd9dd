package export

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/govkg/govkg/graph"
)

// CSV headers. Lists inside one cell (aliases, sources) are joined with
// ListSep.
var (
	NodeHeader = []string{"id", "type", "name", "aliases"}
	EdgeHeader = []string{"subject", "predicate", "object", "object_kind", "sources"}
)

// ListSep joins several values in one CSV cell.
const ListSep = "|"

// WriteCSV streams the graph, or the neighbourhood that opt selects, as
// two RFC 4180 CSV files: nodes (id, type, name, aliases) and edges
// (subject, predicate, object, object_kind, sources). object is an entity
// ID or the literal's text; object_kind is entity, string, date or number;
// sources are the IDs of the asserting sources.
func WriteCSV(ctx context.Context, s *graph.Store, nodes, edges io.Writer, opt Options) (Counts, error) {
	c, err := writeCSV(ctx, s, nodes, edges, opt)
	if err != nil {
		return c, fmt.Errorf("export csv: %w", err)
	}
	return c, nil
}

func writeCSV(ctx context.Context, s *graph.Store, nodes, edges io.Writer, opt Options) (Counts, error) {
	var c Counts
	v, err := newView(ctx, s, opt)
	if err != nil {
		return c, err
	}
	defer v.close()
	nw := csv.NewWriter(nodes)
	if err := nw.Write(NodeHeader); err != nil {
		return c, fmt.Errorf("nodes: %w", err)
	}
	rec := make([]string, len(EdgeHeader))
	err = v.entities(ctx, func(e graph.Entity) error {
		c.Entities++
		rec := rec[:len(NodeHeader)]
		rec[0], rec[1], rec[2], rec[3] = e.ID.String(), string(e.Type), e.Name, strings.Join(e.Aliases, ListSep)
		if err := nw.Write(rec); err != nil {
			return fmt.Errorf("nodes: %w", err)
		}
		return nil
	})
	if err != nil {
		return c, err
	}
	if nw.Flush(); nw.Error() != nil {
		return c, fmt.Errorf("nodes: %w", nw.Error())
	}
	ew := csv.NewWriter(edges)
	if err := ew.Write(EdgeHeader); err != nil {
		return c, fmt.Errorf("edges: %w", err)
	}
	var srcs []string
	err = v.subjects(ctx, func(_ graph.ID, ts []graph.Triple) error {
		for _, t := range ts {
			provs, err := v.provenance(ctx, t)
			if err != nil {
				return err
			}
			c.Triples++
			srcs = srcs[:0]
			for _, p := range provs {
				srcs = append(srcs, p.Source.String())
			}
			rec[0], rec[1], rec[2] = t.Subject.String(), string(t.Predicate), t.Object.String()
			rec[3], rec[4] = t.Object.Kind.String(), strings.Join(srcs, ListSep)
			if err := ew.Write(rec); err != nil {
				return fmt.Errorf("edges: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return c, err
	}
	if ew.Flush(); ew.Error() != nil {
		return c, fmt.Errorf("edges: %w", ew.Error())
	}
	return c, nil
}
