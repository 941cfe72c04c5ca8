package slack

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"testing/fstest"
	"time"
)

// generatedExport is a thread-era export of one channel with n messages
// spread over day files of 1,000, a tenth of them thread replies.
func generatedExport(b *testing.B, n int) fstest.MapFS {
	b.Helper()
	fsys := fstest.MapFS{
		"channels.json": {Data: []byte(`[{"id":"C0BENCH01","name":"inc-bench","created":1700000000}]`)},
		"users.json":    {Data: []byte(`[{"id":"U1","name":"alice","profile":{"display_name":"alice"}},{"id":"U2","name":"bob","real_name":"Bob"}]`)},
	}
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for day := 0; day*1000 < n; day++ {
		var msgs []map[string]any
		for i := day * 1000; i < min(n, (day+1)*1000); i++ {
			m := map[string]any{"type": "message", "user": []string{"U1", "U2"}[i%2],
				"ts":   FormatTS(start.Add(time.Duration(i) * time.Second)),
				"text": fmt.Sprintf("step %d: restarted <@U2> pod api-%d &amp; checked the dashboard", i, i%40)}
			if i%10 == 9 {
				m["thread_ts"] = FormatTS(start.Add(time.Duration(i-9) * time.Second))
			}
			msgs = append(msgs, m)
		}
		data, err := json.Marshal(msgs)
		if err != nil {
			b.Fatal(err)
		}
		fsys[fmt.Sprintf("inc-bench/2026-01-%03d.json", day+1)] = &fstest.MapFile{Data: data}
	}
	return fsys
}

// BenchmarkImportExport100k reads a generated 100,000-message export and
// stores it in batches of ImportBatch into a real store file: the events/s metric is
// the whole offline import (parse, map, store with fsync).
func BenchmarkImportExport100k(b *testing.B) {
	const n = 100_000
	fsys := generatedExport(b, n)
	ctx := context.Background()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		s, inc := newStore(b)
		b.StartTimer()
		res, err := ReadExportFS(fsys, ExportOptions{Channel: "inc-bench", Incident: inc.ID})
		if err != nil {
			b.Fatal(err)
		}
		stored, _, err := res.Store(ctx, s, nil)
		if err != nil {
			b.Fatal(err)
		}
		if stored != n {
			b.Fatalf("stored %d of %d", stored, n)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "events/s")
}
