package bench

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/govkg/govkg/graph"
)

// PostgreSQL: one triples table and one entities table, loaded with COPY,
// indexed after the load as a competent user would, analysed, and asked
// with recursive CTEs over the wire protocol (pgx).

// PostgresSettings are the server settings of the benchmark, passed as -c
// options: memory sized for this machine as the PostgreSQL documentation
// advises (shared_buffers about a quarter of RAM, capped here at 2GB;
// effective_cache_size about half), a larger max_wal_size so that the
// bulk load does not checkpoint constantly, random_page_cost for SSD, JIT
// off (it costs more than it saves on short queries), and fsync and
// synchronous_commit left on.
var PostgresSettings = []string{
	"listen_addresses=127.0.0.1",
	"shared_buffers=2GB",
	"effective_cache_size=8GB",
	"work_mem=64MB",
	"maintenance_work_mem=1GB",
	"max_wal_size=8GB",
	"checkpoint_timeout=30min",
	"random_page_cost=1.1",
	"jit=off",
	"max_connections=100",
	"fsync=on",
	"synchronous_commit=on",
}

// PostgresSchema creates the tables. p is a smallint code from the
// predicates table; o is the object entity, or NULL with o_lit holding a
// literal object.
const PostgresSchema = `
CREATE TABLE predicates (code smallint PRIMARY KEY, name text NOT NULL UNIQUE);
CREATE TABLE entities (id uuid NOT NULL, type text NOT NULL, name text NOT NULL);
CREATE TABLE triples (s uuid NOT NULL, p smallint NOT NULL, o uuid, o_lit text);
`

// PostgresIndexes are built after the load.
var PostgresIndexes = []string{
	"ALTER TABLE entities ADD PRIMARY KEY (id)",
	"CREATE INDEX triples_spo ON triples (s, p, o)",
	"CREATE INDEX triples_ops ON triples (o, p, s)",
	"CREATE INDEX triples_po ON triples (p, o)",
	"VACUUM ANALYZE",
}

// The queries of each question. $1 is the node; for the path, $2 is the
// other end and $3 the longest path in edges; for implements, $2 is the
// code of the implements predicate.
const (
	SQLOut = `SELECT p, o, o_lit FROM triples WHERE s = $1`
	SQLIn  = `SELECT s, p FROM triples WHERE o = $1`

	// SQLNeighbourhood walks edges either way breadth first, one row per
	// (node, depth) — UNION drops repeats within a depth — then keeps each
	// node at its least depth and the nearest $3 nodes.
	SQLNeighbourhood = `
WITH RECURSIVE nb(node, depth) AS (
    SELECT $1::uuid, 0
  UNION
    SELECT n.id, nb.depth + 1
    FROM nb CROSS JOIN LATERAL (
        SELECT t.o FROM triples t WHERE t.s = nb.node AND t.o IS NOT NULL
        UNION ALL
        SELECT t.s FROM triples t WHERE t.o = nb.node
    ) AS n(id)
    WHERE nb.depth < $2
)
SELECT node FROM nb GROUP BY node ORDER BY min(depth) LIMIT $3`

	// SQLPath extends paths breadth first, either way along edges, never
	// revisiting a node on the same path (the cycle check), and stops at
	// the first path that reaches $2: PostgreSQL evaluates a recursive CTE
	// one level at a time and stops when the LIMIT is met, so the first
	// such path is a shortest one.
	SQLPath = `
WITH RECURSIVE p(node, path) AS (
    SELECT $1::uuid, ARRAY[$1::uuid]
  UNION ALL
    SELECT n.id, p.path || n.id
    FROM p CROSS JOIN LATERAL (
        SELECT t.o FROM triples t WHERE t.s = p.node AND t.o IS NOT NULL
        UNION
        SELECT t.s FROM triples t WHERE t.o = p.node
    ) AS n(id)
    WHERE p.node <> $2 AND cardinality(p.path) <= $3 AND n.id <> ALL(p.path)
)
SELECT path FROM p WHERE node = $2 LIMIT 1`

	// SQLImplements follows implements edges transitively (UNION drops
	// nodes already reached, so cycles end) and keeps the resolutions.
	SQLImplements = `
WITH RECURSIVE c(node) AS (
    SELECT $1::uuid
  UNION
    SELECT t.o FROM c JOIN triples t ON t.s = c.node AND t.p = $2 AND t.o IS NOT NULL
)
SELECT e.id FROM c JOIN entities e ON e.id = c.node
WHERE e.type = 'Resolution' AND c.node <> $1`
)

// postgres is a PostgreSQL server started for the run.
type postgres struct {
	bin     string
	dir     string // owned by the server's user
	port    int
	cmd     *exec.Cmd
	pool    *pgxpool.Pool
	version string
	cred    *syscall.Credential // set when running as root
	notes   []string
	implC   int16
}

func newPostgres(ctx context.Context, cfg Config, sizeDir string) (*postgres, error) {
	bin := cfg.Tools.PostgresBin
	if bin == "" {
		return nil, skipf("PostgreSQL not found (set -pg-bin to the directory holding initdb and postgres)")
	}
	for _, p := range []string{"initdb", "postgres"} {
		if _, err := os.Stat(filepath.Join(bin, p)); err != nil {
			return nil, skipf("PostgreSQL not installed: %v", err)
		}
	}
	pg := &postgres{bin: bin, dir: filepath.Join(sizeDir, "postgres")}
	if err := os.MkdirAll(pg.dir, 0o700); err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	if os.Geteuid() == 0 {
		// initdb and postgres refuse to run as root: run them as the
		// postgres user, owning the directory.
		u, err := user.Lookup("postgres")
		if err != nil {
			return nil, skipf("running as root and there is no postgres user to run PostgreSQL as: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		pg.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		for _, d := range []string{filepath.Dir(sizeDir), sizeDir} {
			_ = os.Chmod(d, 0o755) // let the postgres user reach its directory
		}
		if err := os.Chown(pg.dir, uid, gid); err != nil {
			return nil, fmt.Errorf("postgres: chown %s: %w", pg.dir, err)
		}
	}
	out, err := pg.command(ctx, "initdb", "-D", pg.data(), "-U", "bench", "--auth=trust", "-E", "UTF8", "--no-locale").CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("postgres: initdb: %w: %s", err, lastLines(out, 5))
	}
	if pg.port, err = freePort(); err != nil {
		return nil, err
	}
	if err := pg.start(ctx); err != nil {
		return nil, err
	}
	if err := pg.pool.QueryRow(ctx, "SHOW server_version").Scan(&pg.version); err != nil {
		pg.Close()
		return nil, fmt.Errorf("postgres: version: %w", err)
	}
	pg.notes = append(pg.notes, "postgres settings: "+strings.Join(PostgresSettings[1:], ", ")+
		"; tables and indexes: "+strings.Join(PostgresIndexes[:len(PostgresIndexes)-1], "; ")+
		"; loaded with COPY (CSV) then indexed, then VACUUM ANALYZE — all inside the load time. The neighbourhood CTE keeps one row per (node, depth) and must finish all three levels before GROUP BY and LIMIT keep the nearest 1,000, so unlike govkg it cannot stop at the cap; the path CTE enumerates simple paths level by level and stops at the first that arrives.")
	return pg, nil
}

func (pg *postgres) data() string { return filepath.Join(pg.dir, "data") }

// command runs a PostgreSQL program as the server's user.
func (pg *postgres) command(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, filepath.Join(pg.bin, name), args...)
	cmd.Dir = pg.dir
	if pg.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: pg.cred}
	}
	return cmd
}

// start runs the postmaster in the foreground as a child and waits until
// it takes connections.
func (pg *postgres) start(ctx context.Context) error {
	args := []string{"-D", pg.data(), "-p", strconv.Itoa(pg.port), "-c", "unix_socket_directories=" + pg.dir}
	for _, s := range PostgresSettings {
		args = append(args, "-c", s)
	}
	cmd := pg.command(context.WithoutCancel(ctx), "postgres", args...)
	logf, err := os.Create(filepath.Join(pg.dir, "server.log"))
	if err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		logf.Close()
		return fmt.Errorf("postgres: start: %w", err)
	}
	logf.Close()
	pg.cmd = cmd
	dsn := fmt.Sprintf("postgres://bench@127.0.0.1:%d/postgres?sslmode=disable&pool_max_conns=64", pg.port)
	deadline := time.Now().Add(60 * time.Second)
	for {
		pool, err := pgxpool.New(ctx, dsn)
		if err == nil {
			if err = pool.Ping(ctx); err == nil {
				pg.pool = pool
				return nil
			}
			pool.Close()
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(filepath.Join(pg.dir, "server.log"))
			pg.Close()
			return fmt.Errorf("postgres: not ready after 60s: %w; log: %s", err, lastLines(log, 10))
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func (pg *postgres) Version() string { return "PostgreSQL " + pg.version }

func (pg *postgres) Supports(Question) bool { return true }
func (pg *postgres) Networked() bool        { return true }
func (pg *postgres) Notes() []string        { return pg.notes }

// Close stops the server (fast shutdown) and waits for it.
func (pg *postgres) Close() error {
	if pg.pool != nil {
		pg.pool.Close()
		pg.pool = nil
	}
	if pg.cmd == nil || pg.cmd.Process == nil {
		return nil
	}
	_ = pg.cmd.Process.Signal(syscall.SIGINT)
	done := make(chan error, 1)
	go func() { done <- pg.cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		_ = pg.cmd.Process.Kill()
		<-done
	}
	pg.cmd = nil
	return nil
}

// Load writes the graph as CSV (not timed), then times COPY, the index
// builds and VACUUM ANALYZE on one connection, and reads that backend's
// peak memory before letting it go.
func (pg *postgres) Load(ctx context.Context, d *Dataset) (LoadResult, error) {
	entCSV := filepath.Join(d.Dir, "entities.csv")
	triCSV := filepath.Join(d.Dir, "triples.csv")
	n, err := WritePostgresCSV(ctx, d.Store, entCSV, triCSV)
	if err != nil {
		return LoadResult{}, err
	}
	conn, err := pg.pool.Acquire(ctx)
	if err != nil {
		return LoadResult{}, fmt.Errorf("postgres load: %w", err)
	}
	defer conn.Release()
	var backend int
	if err := conn.QueryRow(ctx, "SELECT pg_backend_pid()").Scan(&backend); err != nil {
		return LoadResult{}, fmt.Errorf("postgres load: %w", err)
	}
	t0 := time.Now()
	if _, err := conn.Exec(ctx, PostgresSchema); err != nil {
		return LoadResult{}, fmt.Errorf("postgres load: schema: %w", err)
	}
	var values []string
	for i, p := range graph.Predicates() {
		values = append(values, fmt.Sprintf("(%d, '%s')", i+1, p))
		if p == graph.Implements {
			pg.implC = int16(i + 1)
		}
	}
	if _, err := conn.Exec(ctx, "INSERT INTO predicates VALUES "+strings.Join(values, ", ")); err != nil {
		return LoadResult{}, fmt.Errorf("postgres load: predicates: %w", err)
	}
	for _, c := range []struct{ file, table string }{{entCSV, "entities"}, {triCSV, "triples"}} {
		if err := copyCSV(ctx, conn.Conn(), c.file, c.table); err != nil {
			return LoadResult{}, err
		}
	}
	for _, stmt := range PostgresIndexes {
		if _, err := conn.Exec(ctx, stmt); err != nil {
			return LoadResult{}, fmt.Errorf("postgres load: %s: %w", stmt, err)
		}
	}
	took := time.Since(t0)
	peak, _ := PeakRSS(backend)
	if pm, err := PeakRSS(pg.cmd.Process.Pid); err == nil && pm > peak {
		peak = pm
	}
	var relBytes int64
	if err := conn.QueryRow(ctx, `SELECT sum(pg_total_relation_size(c))::bigint FROM unnest(ARRAY['entities','triples','predicates']::regclass[]) AS c`).Scan(&relBytes); err != nil {
		return LoadResult{}, fmt.Errorf("postgres load: relation sizes: %w", err)
	}
	if _, err := conn.Exec(ctx, "CHECKPOINT"); err != nil {
		return LoadResult{}, fmt.Errorf("postgres load: checkpoint: %w", err)
	}
	disk, err := DiskUsage(pg.data())
	if err != nil {
		return LoadResult{}, err
	}
	pg.notes = append(pg.notes, fmt.Sprintf("postgres disk: the data directory (%s) includes WAL and the catalogs; tables and indexes alone take %s. Peak memory is the larger of the VmHWM of the postmaster and of the backend that ran the load (shared buffers each touched included; parallel index-build workers, which come and go, are not counted).",
		FormatBytes(disk), FormatBytes(relBytes)))
	return LoadResult{Duration: took, Triples: n, DiskBytes: disk, PeakRSS: peak, Measured: true}, nil
}

// copyCSV streams a CSV file into table with COPY FROM STDIN.
func copyCSV(ctx context.Context, conn *pgx.Conn, file, table string) error {
	f, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("postgres load: %w", err)
	}
	defer f.Close()
	if _, err := conn.PgConn().CopyFrom(ctx, bufio.NewReaderSize(f, 1<<20), "COPY "+table+" FROM STDIN (FORMAT csv)"); err != nil {
		return fmt.Errorf("postgres load: COPY %s from %s: %w", table, file, err)
	}
	return nil
}

// WritePostgresCSV writes the entities (id, type, name) and the triples
// (s, p code, o, o_lit) of the store as CSV and returns the triples
// written. Predicate codes are positions in graph.Predicates() from 1.
func WritePostgresCSV(ctx context.Context, s *graph.Store, entities, triples string) (int, error) {
	codes := map[graph.Predicate]string{}
	for i, p := range graph.Predicates() {
		codes[p] = strconv.Itoa(i + 1)
	}
	write := func(path string, fill func(w *csv.Writer) error) error {
		f, err := os.Create(path)
		if err != nil {
			return fmt.Errorf("postgres csv: %w", err)
		}
		bw := bufio.NewWriterSize(f, 1<<20)
		w := csv.NewWriter(bw)
		err = fill(w)
		w.Flush()
		if err == nil {
			err = w.Error()
		}
		if err == nil {
			err = bw.Flush()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("postgres csv %s: %w", path, err)
		}
		return nil
	}
	err := write(entities, func(w *csv.Writer) error {
		return s.ForEachEntity(ctx, func(e graph.Entity) error {
			return w.Write([]string{e.ID.String(), string(e.Type), e.Name})
		})
	})
	if err != nil {
		return 0, err
	}
	n := 0
	err = write(triples, func(w *csv.Writer) error {
		return s.ForEachTriple(ctx, func(t graph.Triple) error {
			n++
			rec := []string{t.Subject.String(), codes[t.Predicate], "", ""}
			if t.Object.IsEntity() {
				rec[2] = t.Object.Entity.String()
			} else {
				rec[3] = t.Object.String()
			}
			return w.Write(rec)
		})
	})
	return n, err
}

func (pg *postgres) Ask(ctx context.Context, q Question, a Arg) (int, error) {
	switch q {
	case QOut:
		return pg.countRows(ctx, SQLOut, a.Node)
	case QIn:
		return pg.countRows(ctx, SQLIn, a.Node)
	case QNeighbourhood:
		return pg.countRows(ctx, SQLNeighbourhood, a.Node, NeighbourhoodDepth, NeighbourhoodCap)
	case QPath:
		var path []graph.ID
		err := pg.pool.QueryRow(ctx, SQLPath, a.Node, a.To, PathMaxDepth).Scan(&path)
		if err == pgx.ErrNoRows {
			return -1, nil
		}
		return len(path) - 1, err
	case QImplements:
		return pg.countRows(ctx, SQLImplements, a.Node, pg.implC)
	}
	return 0, fmt.Errorf("postgres: unknown question %d", q)
}

// countRows runs a query and counts the rows it returns, reading them all.
func (pg *postgres) countRows(ctx context.Context, sql string, args ...any) (int, error) {
	rows, err := pg.pool.Query(ctx, sql, args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		if _, err := rows.Values(); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}

// freePort asks the kernel for a free loopback port.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// lastLines returns the last n lines of b, for error messages.
func lastLines(b []byte, n int) string {
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
