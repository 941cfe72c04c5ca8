// Package pagerdutytest is an httptest fake of the PagerDuty REST API for
// tests that run the real go-pagerduty client. It behaves like the API
// where sitrep depends on it: it insists on the vendor Accept header and a
// token, pages lists with limit/offset/more (no offset from 10,000 on, as
// PagerDuty), lists log entries by since and until, oldest first unless
// NewestFirst, answers 401, 404 and (on request) 429 with Retry-After in PagerDuty's
// error shape, records notes and status changes with their log entries,
// and fails the test on any request it does not expect. Its bodies start
// from the official examples in ../shared/fixtures/pagerduty/api-examples
// (and the spec's alert example).
package pagerdutytest

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sitrep-dev/sitrep/internal/fixture"
)

// Token is the API token the fake accepts.
const Token = "u+fake-pagerduty-token"

// IncidentID is the incident the fixtures describe.
const IncidentID = "PT4KHLK"

// Users are the e-mail addresses the fake knows, as PAGERDUTY_FROM, with
// the user names PagerDuty shows for them.
var Users = map[string]string{
	"earline@example.com": "Earline Greenholt",
	"lee@example.com":     "Lee Turner",
}

const vendorAccept = "application/vnd.pagerduty+json;version=2"

// Fake is a running fake PagerDuty API.
type Fake struct {
	URL string
	// Now stamps notes, log entries and status changes made through the
	// API. Default: a fixed time after the fixtures' events.
	Now func() time.Time

	t         testing.TB
	mu        sync.Mutex
	incidents map[string]*incidentState
	requests  []string
	limited   []string // Retry-After values of the 429s still to serve
	nextID    int
	template  map[string]any // a log entry, from the fixture
	endless   string         // "", "same" or "fresh": see EndlessPages
	newest    bool           // log entries listed newest first: see NewestFirst
}

type incidentState struct {
	incident   map[string]any
	logEntries []map[string]any
	notes      []map[string]any
	alerts     []map[string]any
}

// FixturesDir returns ../shared/fixtures/pagerduty beside the checkout;
// without it the test is skipped, or fails when CI is set.
func FixturesDir(t testing.TB) string {
	t.Helper()
	return fixture.Dir(t, "pagerduty")
}

// New starts a fake holding the fixtures' incident, log entry, notes and
// alert, and closes it when the test ends.
func New(t testing.TB) *Fake {
	t.Helper()
	dir := FixturesDir(t)
	f := &Fake{t: t, incidents: map[string]*incidentState{}, nextID: 1000}
	f.Now = func() time.Time { return time.Date(2015, 11, 10, 1, 0, 0, 0, time.UTC) }

	var inc struct{ Incident map[string]any }
	readJSON(t, filepath.Join(dir, "api-examples", "get_incident.response.json"), &inc)
	var logs struct {
		LogEntries []map[string]any `json:"log_entries"`
	}
	readJSON(t, filepath.Join(dir, "api-examples", "list_incident_log_entries.response.json"), &logs)
	var notes struct{ Notes []map[string]any }
	readJSON(t, filepath.Join(dir, "api-examples", "list_incident_notes.response.json"), &notes)
	f.template = clone(logs.LogEntries[0])
	f.incidents[IncidentID] = &incidentState{
		incident: inc.Incident, logEntries: logs.LogEntries, notes: notes.Notes,
		alerts: specAlerts(t, dir),
	}

	srv := httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(srv.Close)
	f.URL = srv.URL
	return f
}

// specAlerts reads the alert example of the official OpenAPI spec.
func specAlerts(t testing.TB, fixtures string) []map[string]any {
	var spec struct {
		Paths map[string]map[string]json.RawMessage
	}
	readJSON(t, filepath.Join(fixtures, "..", "..", "specs", "pagerduty-openapiv3.json"), &spec)
	var op struct {
		Responses map[string]struct {
			Content map[string]struct {
				Examples map[string]struct {
					Value struct{ Alerts []map[string]any }
				}
			}
		}
	}
	if err := json.Unmarshal(spec.Paths["/incidents/{id}/alerts"]["get"], &op); err != nil {
		t.Fatalf("pagerdutytest: the spec's alerts operation: %v", err)
	}
	ex := op.Responses["200"].Content["application/json"].Examples["response"]
	if len(ex.Value.Alerts) == 0 {
		t.Fatal("pagerdutytest: the spec has no alert example")
	}
	return ex.Value.Alerts
}

func readJSON(t testing.TB, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("pagerdutytest: %v", err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("pagerdutytest: %s: %v", path, err)
	}
}

func clone(m map[string]any) map[string]any {
	b, _ := json.Marshal(m)
	var out map[string]any
	_ = json.Unmarshal(b, &out)
	return out
}

// LogEntry describes a log entry to add.
type LogEntry struct {
	Type      string // "acknowledge", "notify", ... (without _log_entry)
	At        time.Time
	Agent     string // who did it; default the service
	User      string // notify: the responder notified
	Channel   string // default "api"
	Assignees []string
	Summary   string // default made from the type and agent
}

// AddLogEntry adds a log entry to an incident, shaped like the fixture's,
// and returns its id.
func (f *Fake) AddLogEntry(pdID string, le LogEntry) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.addLogEntry(pdID, le)
}

func (f *Fake) addLogEntry(pdID string, le LogEntry) string {
	st := f.incidents[pdID]
	e := clone(f.template)
	f.nextID++
	id := fmt.Sprintf("R%013d", f.nextID)
	e["id"] = id
	e["type"] = le.Type + "_log_entry"
	e["created_at"] = le.At.UTC().Format(time.RFC3339)
	e["self"] = "https://api.pagerduty.com/log_entries/" + id + "?incident_id=" + pdID
	e["html_url"] = "https://subdomain.pagerduty.com/incidents/" + pdID + "/log_entries/" + id
	if le.Agent != "" {
		e["agent"] = map[string]any{"id": fmt.Sprintf("PU%05d", len(le.Agent)), "type": "user_reference", "summary": le.Agent}
	}
	channel := le.Channel
	if channel == "" {
		channel = "api"
	}
	e["channel"] = map[string]any{"type": channel}
	if le.User != "" {
		e["user"] = map[string]any{"id": "PUSER01", "type": "user_reference", "summary": le.User}
	}
	if len(le.Assignees) > 0 {
		var as []any
		for i, a := range le.Assignees {
			as = append(as, map[string]any{"id": fmt.Sprintf("PASSIGN%d", i), "type": "user_reference", "summary": a})
		}
		e["assignees"] = as
	}
	summary := le.Summary
	if summary == "" {
		agent, _ := e["agent"].(map[string]any)
		summary = strings.ToUpper(le.Type[:1]) + strings.ReplaceAll(le.Type[1:], "_", " ") + " by " + fmt.Sprint(agent["summary"])
	}
	e["summary"] = summary
	st.logEntries = append(st.logEntries, e)
	return id
}

// AddAlertDetails adds an alert whose body carries these details (a
// runbook URL, say), shaped like the spec's example alert.
func (f *Fake) AddAlertDetails(pdID string, details map[string]any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	st := f.incidents[pdID]
	a := clone(st.alerts[0])
	f.nextID++
	a["id"] = fmt.Sprintf("A%06d", f.nextID)
	body, _ := a["body"].(map[string]any)
	body["details"] = details
	st.alerts = append(st.alerts, a)
}

// RateLimit makes the next requests answer 429, one per Retry-After value.
func (f *Fake) RateLimit(retryAfter ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.limited = append(f.limited, retryAfter...)
}

// Requests returns the requests served so far as "METHOD /path".
func (f *Fake) Requests() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.requests)
}

// ResetRequests forgets the requests served so far.
func (f *Fake) ResetRequests() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests = nil
}

// Status returns an incident's current status.
func (f *Fake) Status(pdID string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return fmt.Sprint(f.incidents[pdID].incident["status"])
}

// Notes returns the contents of an incident's notes.
func (f *Fake) Notes(pdID string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, n := range f.incidents[pdID].notes {
		out = append(out, fmt.Sprint(n["content"]))
	}
	return out
}

func (f *Fake) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.requests = append(f.requests, r.Method+" "+r.URL.Path)
	if got := r.Header.Get("Accept"); got != vendorAccept {
		f.t.Errorf("pagerdutytest: %s %s sent Accept %q, want %q", r.Method, r.URL.Path, got, vendorAccept)
		apiError(w, http.StatusNotAcceptable, 2000, "Not Acceptable")
		return
	}
	if len(f.limited) > 0 {
		w.Header().Set("Retry-After", f.limited[0])
		f.limited = f.limited[1:]
		apiError(w, http.StatusTooManyRequests, 2020, "Rate Limit Exceeded")
		return
	}
	if r.Header.Get("Authorization") != "Token token="+Token {
		apiError(w, http.StatusUnauthorized, 2006, "Authentication failed")
		return
	}
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if len(parts) == 1 && parts[0] == "abilities" && r.Method == http.MethodGet { // what `sitrep doctor` reads
		writeJSON(w, http.StatusOK, map[string]any{"abilities": []string{"teams", "urgencies"}})
		return
	}
	if len(parts) == 1 && parts[0] == "incidents" && r.Method == http.MethodPut {
		f.manage(w, r)
		return
	}
	if len(parts) < 2 || parts[0] != "incidents" {
		f.unexpected(w, r)
		return
	}
	st := f.incidents[parts[1]]
	if st == nil {
		apiError(w, http.StatusNotFound, 2100, "Not Found")
		return
	}
	switch {
	case len(parts) == 2 && r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, map[string]any{"incident": st.incident})
	case f.endless != "" && len(parts) == 3 && (parts[2] == "log_entries" || parts[2] == "alerts") && r.Method == http.MethodGet:
		f.endlessPage(w, r, parts[2], st)
	case len(parts) == 3 && parts[2] == "log_entries" && r.Method == http.MethodGet:
		f.listLogEntries(w, r, st)
	case len(parts) == 3 && parts[2] == "alerts" && r.Method == http.MethodGet:
		writeJSON(w, http.StatusOK, page(r, "alerts", st.alerts))
	case len(parts) == 3 && parts[2] == "notes" && r.Method == http.MethodGet:
		// The notes endpoint has no paging and no since.
		writeJSON(w, http.StatusOK, map[string]any{"notes": st.notes})
	case len(parts) == 3 && parts[2] == "notes" && r.Method == http.MethodPost:
		f.createNote(w, r, parts[1], st)
	default:
		f.unexpected(w, r)
	}
}

func (f *Fake) unexpected(w http.ResponseWriter, r *http.Request) {
	f.t.Errorf("pagerdutytest: unexpected request %s %s", r.Method, r.URL)
	apiError(w, http.StatusNotFound, 2100, "Not Found")
}

func (f *Fake) listLogEntries(w http.ResponseWriter, r *http.Request, st *incidentState) {
	var since, until time.Time
	for name, t := range map[string]*time.Time{"since": &since, "until": &until} {
		if s := r.URL.Query().Get(name); s != "" {
			var err error
			if *t, err = time.Parse(time.RFC3339, s); err != nil {
				apiError(w, http.StatusBadRequest, 2001, "Invalid Input Provided")
				return
			}
		}
	}
	var items []map[string]any
	for _, e := range st.logEntries {
		at, _ := time.Parse(time.RFC3339, fmt.Sprint(e["created_at"]))
		if !at.Before(since) && (until.IsZero() || at.Before(until)) {
			items = append(items, e)
		}
	}
	sort.SliceStable(items, func(i, j int) bool {
		a, b := fmt.Sprint(items[i]["created_at"]), fmt.Sprint(items[j]["created_at"])
		if f.newest {
			return a > b
		}
		return a < b
	})
	if offset, _ := strconv.Atoi(r.URL.Query().Get("offset")); offset >= 10_000 {
		apiError(w, http.StatusBadRequest, 2001, "Invalid Input Provided: offset must be less than 10000")
		return
	}
	writeJSON(w, http.StatusOK, page(r, "log_entries", items))
}

// NewestFirst makes the log-entry listing newest first (by default it is
// oldest first): PagerDuty does not promise an order.
func (f *Fake) NewestFirst() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.newest = true
}

// page cuts one page out of items by limit (default 25, at most 100) and
// offset, as PagerDuty's classic pagination does.
func page(r *http.Request, key string, items []map[string]any) map[string]any {
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	if limit <= 0 {
		limit = 25
	}
	limit = min(limit, 100)
	offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
	offset = min(max(offset, 0), len(items))
	end := min(offset+limit, len(items))
	out := items[offset:end]
	if out == nil {
		out = []map[string]any{}
	}
	return map[string]any{key: out, "limit": limit, "offset": offset, "more": end < len(items), "total": nil}
}

func (f *Fake) from(w http.ResponseWriter, r *http.Request) (string, bool) {
	name, ok := Users[r.Header.Get("From")]
	if !ok {
		apiError(w, http.StatusBadRequest, 2001, "Invalid Input Provided", "Requester User Not Found")
	}
	return name, ok
}

func (f *Fake) createNote(w http.ResponseWriter, r *http.Request, pdID string, st *incidentState) {
	user, ok := f.from(w, r)
	if !ok {
		return
	}
	var req struct {
		Note struct{ Content string }
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || strings.TrimSpace(req.Note.Content) == "" {
		apiError(w, http.StatusBadRequest, 2001, "Invalid Input Provided", "Content cannot be empty.")
		return
	}
	f.nextID++
	note := clone(st.notes[0])
	note["id"] = fmt.Sprintf("PN%05d", f.nextID)
	note["content"] = req.Note.Content
	note["created_at"] = f.Now().UTC().Format(time.RFC3339)
	note["user"] = map[string]any{"id": "PXPGF42", "type": "user_reference", "summary": user}
	st.notes = append(st.notes, note)
	f.addLogEntry(pdID, LogEntry{Type: "annotate", At: f.Now(), Agent: user, Channel: "note"})
	writeJSON(w, http.StatusCreated, map[string]any{"note": note})
}

func (f *Fake) manage(w http.ResponseWriter, r *http.Request) {
	user, ok := f.from(w, r)
	if !ok {
		return
	}
	var req struct {
		Incidents []struct{ ID, Type, Status string }
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || len(req.Incidents) == 0 {
		apiError(w, http.StatusBadRequest, 2001, "Invalid Input Provided")
		return
	}
	var out []map[string]any
	for _, in := range req.Incidents {
		st := f.incidents[in.ID]
		if st == nil {
			apiError(w, http.StatusNotFound, 2100, "Not Found")
			return
		}
		switch in.Status {
		case "acknowledged":
			f.addLogEntry(in.ID, LogEntry{Type: "acknowledge", At: f.Now(), Agent: user, Channel: "website"})
		case "resolved":
			f.addLogEntry(in.ID, LogEntry{Type: "resolve", At: f.Now(), Agent: user, Channel: "website"})
		default:
			apiError(w, http.StatusBadRequest, 2001, "Invalid Input Provided", "Status is invalid")
			return
		}
		st.incident["status"] = in.Status
		out = append(out, maps.Clone(st.incident))
	}
	writeJSON(w, http.StatusOK, map[string]any{"incidents": out})
}

func apiError(w http.ResponseWriter, status, code int, message string, errs ...string) {
	body := map[string]any{"message": message, "code": code}
	if len(errs) > 0 {
		body["errors"] = errs
	}
	writeJSON(w, status, map[string]any{"error": body})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// EndlessPages makes the alerts and log-entry listings answer "more": true
// on every page, as a broken server or proxy might: with fresh items each
// time (fresh), or the same page again.
func (f *Fake) EndlessPages(fresh bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.endless = "same"
	if fresh {
		f.endless = "fresh"
	}
}

func (f *Fake) endlessPage(w http.ResponseWriter, r *http.Request, key string, st *incidentState) {
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	limit = min(max(limit, 1), 100)
	offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
	tmpl := st.alerts[0]
	if key == "log_entries" {
		tmpl = st.logEntries[0]
	}
	items := make([]map[string]any, limit)
	for i := range items {
		items[i] = clone(tmpl)
		if f.endless == "fresh" {
			items[i]["id"] = fmt.Sprintf("R%08d", offset+i)
		} else {
			items[i]["id"] = fmt.Sprintf("R%08d", i)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{key: items, "limit": limit, "offset": offset, "more": true, "total": nil})
}
