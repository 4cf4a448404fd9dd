package graph

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// recoverChildEnv names the store a child process of TestReadOnlyOpenAfterUncleanExit
// writes to before it exits without closing it.
const recoverChildEnv = "GOVKG_TEST_UNCLEAN_EXIT_DIR"

// TestReadOnlyOpenAfterUncleanExit runs this test binary as a child that
// applies sources and exits without closing the store (as a killed
// process would), then opens the store read-only, as check, stats, export
// and backup do: the open must succeed, the check pass and every source
// the child applied be there.
func TestReadOnlyOpenAfterUncleanExit(t *testing.T) {
	if dir := os.Getenv(recoverChildEnv); dir != "" {
		s, err := Open(Options{Dir: dir})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		for i := 0; i < 20; i++ {
			if _, err := s.Apply(context.Background(), uncleanBatch(i)); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(2)
			}
		}
		os.Exit(0) // no Close: the write-ahead log stays as a crash leaves it
	}
	dir := filepath.Join(t.TempDir(), "store")
	cmd := exec.Command(os.Args[0], "-test.run=^TestReadOnlyOpenAfterUncleanExit$")
	cmd.Env = append(os.Environ(), recoverChildEnv+"="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	s, err := Open(Options{Dir: dir, ReadOnly: true})
	if err != nil {
		t.Fatalf("read-only open after an unclean exit: %v", err)
	}
	defer s.Close()
	rep, err := s.Check(context.Background())
	if err != nil || !rep.OK() {
		t.Fatalf("check: %v %v", err, rep.Problems)
	}
	for i := 0; i < 20; i++ {
		src, err := s.Source(context.Background(), uncleanBatch(i).Source.ID)
		if err != nil || src.Triples != 3 {
			t.Fatalf("source %d after recovery: %+v, %v", i, src, err)
		}
	}
}

// uncleanBatch is source i: three member_of facts.
func uncleanBatch(i int) Batch {
	src := Source{ID: SourceID(fmt.Sprint("test:unclean-", i)), URL: fmt.Sprint("test:unclean-", i), Hash: "1"}
	p := Entity{ID: NewID(fmt.Sprint("person:unclean ", i)), Type: Person, Name: fmt.Sprint("Unclean Person ", i)}
	b := Batch{Source: src, Entities: []Entity{p}}
	for j := 0; j < 3; j++ {
		o := Entity{ID: NewID(fmt.Sprint("organization:unclean ", i, " ", j)), Type: Organization, Name: fmt.Sprint("Unclean Body ", i, " ", j)}
		b.Entities = append(b.Entities, o)
		b.Assertions = append(b.Assertions, Assertion{
			Triple:     Triple{Subject: p.ID, Predicate: MemberOf, Object: EntityValue(o.ID)},
			Provenance: Provenance{Source: src.ID, Sentence: "a fact", End: 6, Rule: "test", Confidence: 1}})
	}
	return b
}

// TestOpenWithEmptyLogFiles puts beside a closed store the empty value log
// and memtable files a process killed while creating them leaves (found by
// the crash soak: Badger then refused every open, or every read-only one). Both a writable and a read-only
// open must succeed, with the data intact and the check passing.
func TestOpenWithEmptyLogFiles(t *testing.T) {
	for _, readOnly := range []bool{false, true} {
		t.Run(fmt.Sprintf("readOnly=%v", readOnly), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "store")
			s, err := Open(Options{Dir: dir})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.Apply(context.Background(), uncleanBatch(1)); err != nil {
				t.Fatal(err)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			vlogs, _ := filepath.Glob(filepath.Join(dir, "*.vlog"))
			empty := filepath.Join(dir, fmt.Sprintf("%06d.vlog", 90+len(vlogs)))
			if err := os.WriteFile(empty, nil, 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%05d.mem", 90)), nil, 0o600); err != nil {
				t.Fatal(err)
			}
			s, err = Open(Options{Dir: dir, ReadOnly: readOnly})
			if err != nil {
				t.Fatalf("open with an empty value log file: %v", err)
			}
			defer s.Close()
			if src, err := s.Source(context.Background(), uncleanBatch(1).Source.ID); err != nil || src.Triples != 3 {
				t.Fatalf("data after the repair: %+v, %v", src, err)
			}
			if rep, err := s.Check(context.Background()); err != nil || !rep.OK() {
				t.Fatalf("check: %v %v", err, rep.Problems)
			}
		})
	}
}
