package pagerduty

import (
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	pd "github.com/PagerDuty/go-pagerduty"

	"github.com/sitrep-dev/sitrep/timeline"
)

// Name is the source name: the key of Incident.Links and of the cursor.
const Name = "pagerduty"

// Attributes this package adds to events.
const (
	AttrType    = "pagerduty_type"    // log entry or webhook event type
	AttrChannel = "pagerduty_channel" // how it happened: api, web_trigger, sms, push_notification, ...
)

// NoteRef is the Ref of a PagerDuty incident note, whether it arrives by
// sync, by webhook (incident.annotated) or from `note --pagerduty`.
func NoteRef(noteID string) string { return timeline.PagerDutyRef("note", noteID) }

// LogRef is the Ref of a log entry.
func LogRef(logEntryID string) string { return timeline.PagerDutyRef("log", logEntryID) }

// WebhookRef is the Ref of a v3 webhook event, by its event id.
func WebhookRef(eventID string) string { return timeline.PagerDutyRef("webhook", eventID) }

// stateRefs are alias refs that let a log entry and a webhook describing
// the same action (an ack, say) dedup against each other: they carry
// different ids, but the same incident, action and second. A log entry's
// created_at is whole seconds while a webhook's occurred_at has
// milliseconds and may tick over, so log entries claim the neighbouring
// seconds too (window).
func stateRefs(pdID, action string, at time.Time, window bool, extra string) string {
	if action == "" || pdID == "" {
		return ""
	}
	if len(extra) > 128 {
		// A long list (20,000 assignees) would make a key over bbolt's
		// limit; its hash dedups as well, on both sides.
		sum := sha256.Sum256([]byte(extra))
		extra = "sha256:" + hex.EncodeToString(sum[:16])
	}
	sec := at.Unix()
	secs := []int64{sec}
	if window {
		secs = []int64{sec - 1, sec, sec + 1}
	}
	refs := make([]string, len(secs))
	for i, s := range secs {
		id := pdID + "/" + action + "/" + strconv.FormatInt(s, 10)
		if extra != "" {
			id += "/" + extra
		}
		refs[i] = timeline.PagerDutyRef("state", id)
	}
	return strings.Join(refs, " ")
}

// Severity maps a PagerDuty incident to a sitrep severity:
//
//	priority P1…P5 (by name)  → SEV1…SEV5
//	else urgency high         → SEV2
//	else urgency low          → SEV4
//	else                      → unset
//
// Accounts name priorities freely; only names that read as P<n> map.
func Severity(priority, urgency string) timeline.Severity {
	p := strings.ToUpper(strings.TrimSpace(priority))
	if len(p) == 2 && p[0] == 'P' && p[1] >= '1' && p[1] <= '5' {
		return timeline.Severity(p[1] - '0')
	}
	switch strings.ToLower(urgency) {
	case "high":
		return 2
	case "low":
		return 4
	}
	return 0
}

// parseTime reads PagerDuty's ISO 8601 times (with offsets) as UTC.
func parseTime(s string) (time.Time, bool) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, false
	}
	return t.UTC(), true
}

// logEntryAction is the action of a log entry type, with the event kind
// it becomes. Types not listed become notes with the entry's summary, so
// nothing PagerDuty records is dropped; annotate entries are skipped
// because the notes endpoint returns the same notes with their text and id.
var logEntryKinds = map[string]struct {
	kind   timeline.Kind
	action string // for stateRefs; "" when no webhook reports it
}{
	"trigger":                 {timeline.KindPage, "trigger"},
	"notify":                  {timeline.KindNotify, ""},
	"acknowledge":             {timeline.KindAck, "acknowledge"},
	"unacknowledge":           {timeline.KindNote, "unacknowledge"},
	"escalate":                {timeline.KindEscalate, "escalate"},
	"repeat_escalation_path":  {timeline.KindEscalate, ""},
	"exhaust_escalation_path": {timeline.KindEscalate, ""},
	"reach_ack_limit":         {timeline.KindEscalate, ""},
	"reach_trigger_limit":     {timeline.KindEscalate, ""},
	"assign":                  {timeline.KindAssign, "assign"},
	"delegate":                {timeline.KindAssign, "delegate"},
	"resolve":                 {timeline.KindResolve, "resolve"},
}

// LogEntryEvent converts one log entry of the PagerDuty incident pdID. It
// returns false for entries that are not stored as events (annotations).
func LogEntryEvent(pdID string, le pd.LogEntry) (timeline.Event, bool) {
	typ := strings.TrimSuffix(strings.TrimSuffix(le.Type, "_reference"), "_log_entry")
	if typ == "annotate" {
		return timeline.Event{}, false
	}
	at, ok := parseTime(le.CreatedAt)
	if !ok {
		return timeline.Event{}, false
	}
	m, known := logEntryKinds[typ]
	if !known {
		m.kind = timeline.KindNote
	}
	e := timeline.Event{
		At: at, Source: timeline.SourcePagerDuty, Kind: m.kind,
		Actor: le.Agent.Summary, Text: le.Summary, Ref: LogRef(le.ID),
	}
	if e.Actor == "" {
		e.Actor = "PagerDuty"
	}
	if strings.TrimSpace(e.Text) == "" {
		e.Text = strings.ReplaceAll(typ, "_", " ")
	}
	e.SetAttr(AttrType, le.Type)
	if le.HTMLURL != "" {
		e.SetAttr(timeline.AttrURL, le.HTMLURL)
	}
	if le.Channel.Type != "" {
		e.SetAttr(AttrChannel, le.Channel.Type)
	}
	var extra string
	switch m.kind {
	case timeline.KindNotify:
		// The responder notified; the agent is the policy that did it.
		if le.User.Summary != "" {
			e.SetAttr(timeline.AttrWho, le.User.Summary)
		}
	case timeline.KindAck, timeline.KindResolve:
		e.SetAttr(timeline.AttrWho, e.Actor)
	case timeline.KindAssign:
		var names, ids []string
		for _, a := range le.Assignees {
			names = append(names, a.Summary)
			ids = append(ids, a.ID)
		}
		if len(names) > 0 {
			e.SetAttr(timeline.AttrWho, strings.Join(names, ", "))
		}
		slices.Sort(ids)
		extra = strings.Join(ids, ",")
	}
	if refs := stateRefs(pdID, m.action, at, true, extra); refs != "" {
		e.SetAttr(timeline.AttrAliasRefs, refs)
	}
	return e, true
}

// NoteEvent converts a PagerDuty incident note.
func NoteEvent(n pd.IncidentNote) (timeline.Event, bool) {
	at, ok := parseTime(n.CreatedAt)
	if !ok || strings.TrimSpace(n.Content) == "" {
		return timeline.Event{}, false
	}
	actor := n.User.Summary
	if actor == "" {
		actor = "PagerDuty"
	}
	e := timeline.Event{
		At: at, Source: timeline.SourcePagerDuty, Kind: timeline.KindNote,
		Actor: actor, Text: n.Content, Ref: NoteRef(n.ID),
	}
	e.SetAttr(AttrType, "incident_note")
	return e, true
}

// Linked is what linking a PagerDuty incident tells sitrep.
type Linked struct {
	ID        string
	Title     string
	Service   string
	URL       string
	Status    string // triggered, acknowledged, resolved
	Severity  timeline.Severity
	CreatedAt time.Time
	// Events to store on the sitrep incident (Incident left empty): the
	// link itself, the page at created_at, and a link event for each
	// runbook, dashboard or bridge found in the incident and its alerts.
	Events []timeline.Event
}

// linkedFrom assembles Linked from an incident and its alerts.
func linkedFrom(inc *pd.Incident, alerts []pd.IncidentAlert, actor string) Linked {
	l := Linked{
		ID: inc.ID, Title: inc.Title, Service: inc.Service.Summary, URL: inc.HTMLURL, Status: inc.Status,
	}
	if l.Title == "" {
		l.Title = inc.Summary
	}
	if inc.Priority != nil {
		l.Severity = Severity(inc.Priority.Summary, inc.Urgency)
		if l.Severity == 0 {
			l.Severity = Severity(inc.Priority.Name, inc.Urgency)
		}
	} else {
		l.Severity = Severity("", inc.Urgency)
	}
	l.CreatedAt, _ = parseTime(inc.CreatedAt)
	at := l.CreatedAt
	link := timeline.Event{
		At: at, Source: timeline.SourcePagerDuty, Kind: timeline.KindLink, Actor: actor,
		Text: "linked PagerDuty incident " + inc.ID,
		Attrs: map[string]string{
			timeline.AttrSource: Name, timeline.AttrExternalID: inc.ID,
		},
	}
	if inc.HTMLURL != "" {
		link.Attrs[timeline.AttrURL] = inc.HTMLURL
	}
	if l.Service != "" {
		link.Attrs[timeline.AttrService] = l.Service
	}
	l.Events = append(l.Events, link)
	if !at.IsZero() {
		// created_at → detected: the page event at created_at is the
		// first trigger log entry itself (same Ref), so the sync and the
		// triggered webhook do not add it again.
		page := timeline.Event{
			At: at, Source: timeline.SourcePagerDuty, Kind: timeline.KindPage,
			Actor: l.Service, Text: "triggered: " + l.Title,
			Attrs: map[string]string{
				AttrType:             "trigger_log_entry",
				timeline.AttrURL:     inc.HTMLURL,
				timeline.AttrService: l.Service,
			},
		}
		if page.Actor == "" {
			page.Actor = "PagerDuty"
		}
		if id := inc.FirstTriggerLogEntry.ID; id != "" {
			page.Ref = LogRef(id)
		} else {
			page.Ref = timeline.PagerDutyRef("trigger", inc.ID)
		}
		page.Attrs[timeline.AttrAliasRefs] = stateRefs(inc.ID, "trigger", at, true, "")
		l.Events = append(l.Events, page)
	}
	seen := map[string]bool{}
	addLink := func(text, href string) {
		href = strings.TrimSpace(href)
		if !isWebURL(href) || seen[href] || href == inc.HTMLURL {
			return
		}
		seen[href] = true
		if strings.TrimSpace(text) == "" {
			text = href
		}
		l.Events = append(l.Events, timeline.Event{
			At: at, Source: timeline.SourcePagerDuty, Kind: timeline.KindLink, Actor: actor,
			Text: text, Ref: timeline.PagerDutyRef("link", inc.ID+"/"+href),
			Attrs: map[string]string{timeline.AttrURL: href},
		})
	}
	if inc.ConferenceBridge != nil {
		addLink("conference bridge", inc.ConferenceBridge.ConferenceURL)
	}
	for _, c := range inc.FirstTriggerLogEntry.Contexts {
		if c.Type == "link" {
			addLink(c.Text, c.Href)
		}
	}
	for _, a := range alerts {
		for _, link := range alertLinks(a.Body) {
			addLink(link[0], link[1])
		}
	}
	return l
}

var urlPattern = regexp.MustCompile(`https?://[^\s"'<>]+`)

func isWebURL(s string) bool {
	return strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")
}

// alertLinks finds links in an alert body: its contexts of type link, and
// URLs in its details (runbook, dashboard, ...), named by their key. Both
// the Events API v2 (custom_details) and v1 (details) shapes are read.
func alertLinks(body map[string]any) [][2]string {
	var out [][2]string
	if ctxs, ok := body["contexts"].([]any); ok {
		for _, c := range ctxs {
			m, _ := c.(map[string]any)
			if m["type"] == "link" {
				href, _ := m["href"].(string)
				text, _ := m["text"].(string)
				out = append(out, [2]string{text, href})
			}
		}
	}
	var walk func(key string, v any, depth int)
	walk = func(key string, v any, depth int) {
		if depth > 4 {
			return
		}
		switch v := v.(type) {
		case string:
			for _, u := range urlPattern.FindAllString(v, 5) {
				out = append(out, [2]string{key, strings.TrimRight(u, ".,;)")})
			}
		case map[string]any:
			for _, k := range slices.Sorted(maps.Keys(v)) {
				walk(k, v[k], depth+1)
			}
		case []any:
			for _, x := range v {
				walk(key, x, depth+1)
			}
		}
	}
	for _, k := range []string{"details", "cef_details", "custom_details"} {
		if d, ok := body[k]; ok {
			walk(k, d, 0)
		}
	}
	return out
}
