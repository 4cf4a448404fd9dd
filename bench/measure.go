package bench

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// QuestionResult is the latency of one question on one system.
type QuestionResult struct {
	Question    Question
	Unsupported bool
	Latencies   []time.Duration // of the answered queries, in run order
	Answers     []int           // answer size per measured argument; -2 where it failed
	Errors      int             // queries that failed (timeouts included)
	NotAsked    int             // queries left out when the question's time budget ran out
	Timeouts    int
	FirstError  string
}

// Answered is the number of queries that returned.
func (r QuestionResult) Answered() int { return len(r.Latencies) }

// P returns the p-th percentile of the latencies (nearest rank).
func (r QuestionResult) P(p float64) time.Duration { return Percentile(r.Latencies, p) }

// Percentile returns the p-th percentile (0 < p ≤ 100) of ds by the
// nearest-rank method: the smallest value such that at least p% of the
// values are at most it. It returns 0 for no values.
func Percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	rank := int(math.Ceil(p / 100 * float64(len(s))))
	rank = min(max(rank, 1), len(s))
	return s[rank-1]
}

// answerFailed marks an answer that failed.
const answerFailed = -2

// MeasureQuestion asks q of sys for every argument of w: the first warm
// without timing them, then the rest once without timing them and once
// more one at a time, timing each. The untimed pass over the measured
// arguments puts what they read into every system's caches alike: the
// systems share nothing but the machine, except govkg, govkg-http and
// badger-raw, which read the same store, and without it whichever of
// those went first would read cold blocks that the others then find
// cached. Once the measured queries have taken budget (0: no budget), the
// rest are not asked and are counted in NotAsked; the warm-up has a
// budget of its own, as long.
func MeasureQuestion(ctx context.Context, sys System, q Question, w *Workload, warm, n int, timeout, budget time.Duration) QuestionResult {
	r := QuestionResult{Question: q}
	args := w.Args[q]
	measured := w.measured(q, warm)
	measured = measured[:min(n, len(measured))]
	// The warm-up has the same time budget as the measured queries: a
	// system whose queries run into the timeout would otherwise spend
	// (warm + n) × timeout here.
	warmStart := time.Now()
	for _, a := range append(args[:min(warm, len(args)):min(warm, len(args))], measured...) {
		if budget > 0 && time.Since(warmStart) > budget {
			break
		}
		qctx, cancel := context.WithTimeout(ctx, timeout)
		_, _ = sys.Ask(qctx, q, a)
		cancel()
	}
	// The harness's own garbage (the workload, the answers so far, the
	// systems measured before) is collected now, as testing.B does before
	// a benchmark, so that no system pays for it in its timed queries.
	runtime.GC()
	start := time.Now()
	for i, a := range measured {
		if budget > 0 && time.Since(start) > budget {
			r.NotAsked = len(measured) - i
			break
		}
		qctx, cancel := context.WithTimeout(ctx, timeout)
		t0 := time.Now()
		size, err := sys.Ask(qctx, q, a)
		d := time.Since(t0)
		cancel()
		if err != nil {
			r.Errors++
			if errors.Is(err, context.DeadlineExceeded) || errors.Is(qctx.Err(), context.DeadlineExceeded) {
				r.Timeouts++
			}
			if r.FirstError == "" {
				r.FirstError = err.Error()
			}
			r.Answers = append(r.Answers, answerFailed)
			continue
		}
		r.Latencies = append(r.Latencies, d)
		r.Answers = append(r.Answers, size)
	}
	return r
}

// Agreement compares answer sizes with a reference run of the same
// question: how many arguments both answered, and on how many they agree.
func Agreement(r, ref QuestionResult) (both, agree int) {
	for i := range min(len(r.Answers), len(ref.Answers)) {
		if r.Answers[i] == answerFailed || ref.Answers[i] == answerFailed {
			continue
		}
		both++
		if r.Answers[i] == ref.Answers[i] {
			agree++
		}
	}
	return both, agree
}

// Throughput is the result of the concurrent run.
type Throughput struct {
	Clients    int
	Duration   time.Duration
	Ops        int64 // queries answered
	Errors     int64
	FirstError string
}

// PerSecond is the rate of answered queries.
func (t Throughput) PerSecond() float64 {
	if t.Duration <= 0 {
		return 0
	}
	return float64(t.Ops) / t.Duration.Seconds()
}

// MeasureThroughput runs clients goroutines for d, each asking the
// questions in turn (out, in, neighbourhood, path, implements, out, …)
// with the measured arguments of w, client i starting at argument i.
func MeasureThroughput(ctx context.Context, sys System, w *Workload, clients int, d, timeout time.Duration) Throughput {
	var ops, errs atomic.Int64
	var firstErr atomic.Value
	var qs []Question
	for _, q := range Questions() {
		if sys.Supports(q) {
			qs = append(qs, q)
		}
	}
	if len(qs) == 0 {
		return Throughput{}
	}
	runtime.GC() // as before the measured queries
	rctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var wg sync.WaitGroup
	t0 := time.Now()
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := c; rctx.Err() == nil; i++ {
				q := qs[i%len(qs)]
				args := w.Args[q]
				a := args[(i/len(qs)+c)%len(args)]
				qctx, qcancel := context.WithTimeout(ctx, timeout)
				_, err := sys.Ask(qctx, q, a)
				qcancel()
				if err != nil {
					errs.Add(1)
					firstErr.CompareAndSwap(nil, err.Error())
				} else {
					ops.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	t := Throughput{Clients: clients, Duration: time.Since(t0), Ops: ops.Load(), Errors: errs.Load()}
	t.FirstError, _ = firstErr.Load().(string)
	return t
}

// DiskUsage returns the bytes allocated on disk to the files under dir
// (blocks, so sparse and preallocated files count for what they hold).
func DiskUsage(dir string) (int64, error) {
	var total int64
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		if st, ok := info.Sys().(*syscall.Stat_t); ok {
			total += st.Blocks * 512
		} else {
			total += info.Size()
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("disk usage of %s: %w", dir, err)
	}
	return total, nil
}

// PeakRSS returns the VmHWM (peak resident set) of process pid, in bytes.
func PeakRSS(pid int) (int64, error) {
	return procStatusKB(fmt.Sprintf("/proc/%d/status", pid), "VmHWM:")
}

// procStatusKB reads a "Name:   123 kB" line of a /proc status file.
func procStatusKB(path, field string) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, field); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err != nil {
				return 0, fmt.Errorf("read %s: %s: %w", path, field, err)
			}
			return kb * 1024, nil
		}
	}
	return 0, fmt.Errorf("read %s: no %s line", path, field)
}

// Machine describes where the run happened.
type Machine struct {
	CPU    string
	Cores  int
	Memory int64 // bytes
	Kernel string
	Go     string
	Load   string // /proc/loadavg when the run started: other work on the machine
}

// DescribeMachine reads the CPU model, memory and kernel from /proc.
func DescribeMachine() Machine {
	m := Machine{Cores: runtime.NumCPU(), Go: runtime.Version()}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPU = strings.TrimSpace(v)
				break
			}
		}
	}
	if kb, err := procStatusKB("/proc/meminfo", "MemTotal:"); err == nil {
		m.Memory = kb
	}
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		m.Load = strings.Join(strings.Fields(string(b))[:3], " ")
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = "Linux " + strings.TrimSpace(string(b))
	}
	return m
}
