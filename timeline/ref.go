package timeline

import "strings"

// Refs are an event's external identity: appending an event whose Ref is
// already stored is a no-op, so syncs and imports can be re-run freely.
// Each source builds them one way only, here, so that a live sync and an
// offline import of the same message produce the same Ref.

// PagerDutyRef identifies a PagerDuty log entry, note or webhook event:
// kind is "log", "note" or "webhook".
func PagerDutyRef(kind, id string) string { return "pagerduty/" + kind + "/" + id }

// SlackRef identifies a Slack message by channel ID and timestamp.
func SlackRef(channel, ts string) string { return "slack/" + channel + "/" + ts }

// RefSource returns the source part of a ref ("slack" for "slack/C1/1.2").
func RefSource(ref string) string {
	src, _, _ := strings.Cut(ref, "/")
	return src
}
