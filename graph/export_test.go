package graph

// SetBulkHook makes BulkLoad tell hook when it starts writing ("write")
// and when it is done ("done"), for the crash tests of package graph_test.
func SetBulkHook(s *Store, hook func(phase string)) { s.bulkHook = hook }
