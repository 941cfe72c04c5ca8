package pagerduty

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/integrations"
	"github.com/sitrep-dev/sitrep/integrations/pagerduty/pagerdutytest"
)

// A server answering "more": true on every page ends neither link nor
// sync in a loop: a page bringing nothing new stops paging, and so does
// PagerDuty's 10,000-offset limit.
func TestPagingEndsAgainstEndlessMore(t *testing.T) {
	for _, tc := range []struct {
		name      string
		fresh     bool
		wantPages int
	}{
		{"the same page again", false, 2},                   // the second brings nothing new
		{"fresh items forever", true, maxOffset / pageSize}, // offsets 0..9,900
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			fake, c, _ := setup(t)
			fake.EndlessPages(tc.fresh)
			l, err := c.Link(ctx, pagerdutytest.IncidentID, "alice")
			if err != nil {
				t.Fatal(err)
			}
			if got := count(fake.Requests(), "/alerts"); got != tc.wantPages {
				t.Errorf("link read %d alert pages, want %d", got, tc.wantPages)
			}
			if l.Title == "" {
				t.Error("link lost the incident")
			}

			fake.ResetRequests()
			inc := incident.Incident{ID: "INC-1", Links: map[string]string{Name: pagerdutytest.IncidentID}}
			var pages, events int
			err = c.Source().Sync(ctx, inc, nil, func(p integrations.Page) error {
				pages++
				events += len(p.Events)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if got := count(fake.Requests(), "/log_entries"); got != tc.wantPages {
				t.Errorf("sync read %d log-entry pages, want %d", got, tc.wantPages)
			}
			if tc.fresh && events < maxOffset {
				t.Errorf("sync kept %d events of the %d served", events, maxOffset)
			}
		})
	}
}

func count(requests []string, suffix string) int {
	n := 0
	for _, r := range requests {
		if strings.HasSuffix(r, suffix) {
			n++
		}
	}
	return n
}

// PagerDuty serves no offset past 10,000 and promises no order: an
// incident with more log entries than that since the last sync is read
// over several syncs, listed oldest or newest first, and nothing is
// skipped; later syncs go on from the newest entry.
func TestSyncPastTheOffsetLimit(t *testing.T) {
	for _, newestFirst := range []bool{false, true} {
		t.Run(map[bool]string{false: "oldest first", true: "newest first"}[newestFirst], func(t *testing.T) {
			ctx := context.Background()
			fake, c, _ := setup(t)
			if newestFirst {
				fake.NewestFirst()
			}
			base := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
			var want []string
			add := func(n int) {
				for range n {
					want = append(want, fake.AddLogEntry(pagerdutytest.IncidentID, pagerdutytest.LogEntry{
						Type: "acknowledge", At: base.Add(time.Duration(len(want)) * time.Second), Agent: "Earline Greenholt"}))
				}
			}
			add(12_345)
			inc := incident.Incident{ID: "INC-1", Links: map[string]string{Name: pagerdutytest.IncidentID}}
			got := map[string]bool{}
			var raw []byte
			sync := func() {
				t.Helper()
				err := c.Source().Sync(ctx, inc, raw, func(p integrations.Page) error {
					for _, e := range p.Events {
						got[e.Ref] = true
					}
					if p.Cursor != nil {
						raw = p.Cursor
					}
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
			}
			missing := func() int {
				n := 0
				for _, id := range want {
					if !got[LogRef(id)] {
						n++
					}
				}
				return n
			}
			sync()
			if n := missing(); n < 12_345-maxOffset {
				t.Errorf("first sync: %d entries missing, want at least the %d past the offset limit", n, 12_345-maxOffset)
			}
			sync()
			if n := missing(); n != 0 {
				t.Fatalf("second sync: %d entries still missing (cursor %s)", n, raw)
			}
			// Caught up: the next sync starts at the newest entry and
			// finds the ones added since.
			add(3)
			fake.ResetRequests()
			sync()
			if n := missing(); n != 0 {
				t.Errorf("after new entries: %d missing (cursor %s)", n, raw)
			}
			if got := count(fake.Requests(), "/log_entries"); got != 1 {
				t.Errorf("caught-up sync read %d log-entry pages, want 1", got)
			}
		})
	}
}
