package pagerduty

import (
	"context"
	"strings"
	"testing"

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
