//go:build !unix

package schema

import "time"

// processCPU is not measured here: the load benchmarks leave out their
// CPU time per op.
func processCPU() time.Duration { return 0 }
