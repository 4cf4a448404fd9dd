package schema

import (
	"testing"
	"time"
)

// TestServerTimeoutsSet checks that the server Serve runs bounds every
// phase of a connection (a zero would mean no limit at all), and that a
// handler built without options still bounds each request.
func TestServerTimeoutsSet(t *testing.T) {
	to := defaultTimeouts()
	for name, d := range map[string]time.Duration{
		"read header": to.readHeader, "read": to.read, "write": to.write, "idle": to.idle, "shutdown": to.shutdown,
	} {
		if d <= 0 || d > 5*time.Minute {
			t.Errorf("%s timeout %s: want a bound between 0 and 5m", name, d)
		}
	}
	if to.readHeader > 10*time.Second {
		t.Errorf("read header timeout %s lets slow clients hold connections", to.readHeader)
	}
	o := Options{}.withDefaults()
	if o.Timeout <= 0 || o.MaxBody <= 0 || o.MaxDepth <= 0 || o.MaxQueryLen <= 0 {
		t.Errorf("defaults leave a request unbounded: %+v", o)
	}
}
