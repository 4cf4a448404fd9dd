package ingest

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Walk expands paths into the files to read. A file stays as it is (even a
// hidden one: it was asked for); a directory gives the regular files below
// it, recursively, passing over hidden files and directories (names starting
// with '.'), sorted by path; symbolic links to files are followed, links to
// directories are not. "-" (standard input) stays "-". The paths come back
// in the order given, each file once. A path that does not exist, or a
// directory that cannot be read, is an error naming it.
func Walk(paths []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	add := func(p string) {
		key := p
		if p != "-" {
			key = filepath.Clean(p)
		}
		if !seen[key] {
			seen[key] = true
			out = append(out, p)
		}
	}
	for _, p := range paths {
		if p == "-" {
			add(p)
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("walk: %w", err)
		}
		if !info.IsDir() {
			add(p)
			continue
		}
		files, err := walkDir(p)
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			add(f)
		}
	}
	return out, nil
}

// walkDir lists the regular files below root, sorted, without hidden ones.
func walkDir(root string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("walk %s: %w", path, err)
		}
		if path != root && isHidden(d.Name()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		switch {
		case d.IsDir():
			return nil
		case d.Type().IsRegular():
			files = append(files, path)
		case d.Type()&fs.ModeSymlink != 0:
			if info, err := os.Stat(path); err == nil && info.Mode().IsRegular() {
				files = append(files, path)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.Sort(files)
	return files, nil
}

func isHidden(name string) bool {
	return strings.HasPrefix(name, ".") && name != "." && name != ".."
}
