package integrations

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/timeline"
)

// Provider is one integration as a value: everything sitrep can do with
// one external service. Each integration package exports one; cmd keeps a
// single list of them and loops over it in sync, serve, note, link, open,
// status and resolve, so a new integration is a package and one line in
// that list.
//
// Only Name is required. A nil func means the integration does not offer
// that part: no Poster, no `note --NAME`; no Route, nothing mounted by
// serve; no Link, no `link NAME` and no `open --NAME`.
type Provider struct {
	// Name is the key of Incident.Links it serves, the name of its flags
	// (`note --slack`) and of its `link` subcommand.
	Name string
	// Title is how people call it in messages: "PagerDuty".
	Title string
	// Help lists its settings (environment variables), for --help.
	Help string

	// Source returns the sync source, built for one sync with the
	// command's options. An error (a missing token, say) fails the sync
	// of incidents linked to it, saying what to set; a nil Source with a
	// nil error means the integration is not in use here (skipped).
	Source func(env Env, opts SyncOptions) (Source, error)

	// Link links an incident to the external thing named by arg (an
	// incident ID, a channel) and returns what to store. With `sitrep
	// open`, inc is the incident about to be created: its ID is "", its
	// Title and Severity are what the command was given.
	Link func(ctx context.Context, env Env, inc incident.Incident, arg string, opts LinkOptions) (Linked, error)
	// LinkHelp describes `link NAME` and `open --NAME`.
	LinkHelp LinkHelp

	// Poster returns what posts a note to the linked external thing
	// (`note --NAME`).
	Poster func(env Env) (NotePoster, error)
	// Status returns what acknowledges or resolves the linked external
	// thing (`status acknowledged|resolved --NAME`, `resolve --NAME`).
	Status func(env Env) (StatusWriter, error)
	// Route returns the webhook receiver serve mounts. With an error (a
	// missing secret) the route is off; Route.Pattern still names it.
	Route func(env Env, opts ServeOptions) (Route, error)
	// RouteHelp is the route's line in `serve --help`:
	// "POST /webhooks/slack      Slack Events API (needs SLACK_SIGNING_SECRET)".
	RouteHelp string

	// Check makes one cheap authenticated read to tell whether the
	// settings work (`sitrep doctor`).
	Check func(ctx context.Context, env Env) Checked

	// Explain adds what to do to the errors of this integration that
	// people can fix (a rejected token, an unknown ID); nil leaves them.
	Explain func(error) error
}

// Env is what an integration builds its parts from; cmd fills it once per
// command.
type Env struct {
	// Getenv reads a setting: the environment, then the config file.
	Getenv     func(string) string
	HTTPClient func() *http.Client
	// Store is the incident store; a part that reads settings or writes
	// webhooks uses it.
	Store *incident.Store
	Now   func() time.Time
	// Notify tells the person at the terminal what a call is waiting for
	// (a rate limit): one line, not yet sanitised. May be nil.
	Notify func(msg string)
}

// Say passes msg to Notify, if there is one.
func (e Env) Say(msg string) {
	if e.Notify != nil {
		e.Notify(msg)
	}
}

// Clock returns Now, or time.Now.
func (e Env) Clock() func() time.Time {
	if e.Now != nil {
		return e.Now
	}
	return time.Now
}

// Client returns HTTPClient(), or a client with a 30 s timeout.
func (e Env) Client() *http.Client {
	if e.HTTPClient != nil {
		return e.HTTPClient()
	}
	return &http.Client{Timeout: 30 * time.Second}
}

// SyncOptions are the options of `sitrep sync` a source may honour.
type SyncOptions struct {
	// Since re-reads the source's history from this time instead of the
	// incident's start (zero: the default window).
	Since time.Time
	// Full re-reads the whole window, to pick up edits and deletions.
	Full bool
}

// ServeOptions are the options of `sitrep serve` a route may honour.
type ServeOptions struct {
	// AutoOpen opens an incident for a newly triggered external incident
	// that no incident links yet.
	AutoOpen bool
}

// LinkOptions are what `link NAME` and `open --NAME` pass to Link.
type LinkOptions struct {
	Actor string            // who links it
	Flags map[string]string // the values of LinkHelp.Flags, by name
}

// LinkHelp describes `link NAME ARG` and `open --NAME ARG`.
type LinkHelp struct {
	Arg                  string // the argument's name: "ID", "CHANNEL"
	Noun                 string // what is linked: "PagerDuty incident", "Slack channel"
	Short, Long, Example string
	OpenUsage            string // help of `open --NAME`; "" for no such flag
	Flags                []Flag // more flags of `link NAME`
}

// Flag is a string flag an integration adds to one of its commands.
type Flag struct {
	Name, Default, Usage string
}

// Linked is what linking gives: events to append (the link event among
// them; the caller fills in Incident), settings to store with them, and
// the external thing's title and severity, which `open` takes when it was
// given none.
type Linked struct {
	Events   []timeline.Event
	Settings map[string]string // per-incident settings (incident.Batch.Settings), by name
	Title    string
	Severity timeline.Severity
	// Message says what was found, for stderr as soon as Link returns;
	// Done says what was linked, once the events are stored. Both are
	// sanitised; either may be "" or hold several lines.
	Message, Done string
}

// NotePoster posts a note to an incident's linked external thing, so
// responders on other machines see it.
type NotePoster interface {
	// PostNote returns the Ref the integration's sync will give the posted
	// note, so the next sync does not store it a second time, and
	// attributes to keep on the note (a permalink).
	PostNote(ctx context.Context, inc incident.Incident, e timeline.Event) (ref string, attrs map[string]string, err error)
}

// External statuses a StatusWriter sets.
const (
	StatusAcknowledged = "acknowledged"
	StatusResolved     = "resolved"
)

// StatusWriter acknowledges or resolves an incident's linked external
// thing (a page).
type StatusWriter interface {
	SetStatus(ctx context.Context, inc incident.Incident, status string) error
}

// ErrNotLinked means an incident has no link to the integration asked for.
var ErrNotLinked = errors.New("not linked")

// LinkedID returns the incident's external ID for p, or an error saying how
// to link it.
func (p Provider) LinkedID(inc incident.Incident) (string, error) {
	if id := inc.Links[p.Name]; id != "" {
		return id, nil
	}
	return "", Hint(fmt.Errorf("%s is %w to %s", inc.ID, ErrNotLinked, p.title()),
		fmt.Sprintf("run `sitrep link %s %s` first", p.Name, p.LinkHelp.Arg))
}

func (p Provider) title() string {
	if p.Title != "" {
		return p.Title
	}
	return p.Name
}

// Linkee is what p links, for help text: LinkHelp.Noun, else its title.
func (p Provider) Linkee() string {
	if p.LinkHelp.Noun != "" {
		return p.LinkHelp.Noun
	}
	return p.title()
}

// Explained returns err with p's advice added (see Explain).
func (p Provider) Explained(err error) error {
	if err == nil || p.Explain == nil {
		return err
	}
	return p.Explain(err)
}

// PostNote posts e through p's poster and records the Ref the post got on
// e: as its Ref when it has none, else among its alias refs, which
// deduplicate the same way. Attributes the poster returns are kept.
func (p Provider) PostNote(ctx context.Context, env Env, inc incident.Incident, e *timeline.Event) error {
	if p.Poster == nil {
		return fmt.Errorf("posting to %s is not available", p.title())
	}
	if _, err := p.LinkedID(inc); err != nil {
		return err
	}
	poster, err := p.Poster(env)
	if err != nil {
		return p.Explained(err)
	}
	ref, attrs, err := poster.PostNote(ctx, inc, *e)
	if err != nil {
		return p.Explained(err)
	}
	AddRef(e, ref)
	for k, v := range attrs {
		e.SetAttr(k, v)
	}
	return nil
}

// AddRef records one more external identity of e: its Ref when it has
// none, else an alias ref.
func AddRef(e *timeline.Event, ref string) {
	switch {
	case ref == "" || ref == e.Ref:
	case e.Ref == "":
		e.Ref = ref
	default:
		for _, r := range e.Refs() {
			if r == ref {
				return
			}
		}
		aliases := e.Attr(timeline.AttrAliasRefs)
		if aliases != "" {
			aliases += " "
		}
		e.SetAttr(timeline.AttrAliasRefs, aliases+ref)
	}
}

// SetStatus acknowledges or resolves the incident's linked external thing
// through p, then syncs p so the change it caused (a log entry) lands in
// the timeline with its own Ref and is not stored again later.
func (p Provider) SetStatus(ctx context.Context, env Env, inc incident.Incident, status string) error {
	if p.Status == nil {
		return fmt.Errorf("%s has no status to set", p.title())
	}
	ext, err := p.LinkedID(inc)
	if err != nil {
		return err
	}
	w, err := p.Status(env)
	if err != nil {
		return p.Explained(err)
	}
	if err := w.SetStatus(ctx, inc, status); err != nil {
		return p.Explained(err)
	}
	env.Say(fmt.Sprintf("%s %s %s", p.title(), ext, status))
	if p.Source == nil {
		return nil
	}
	src, err := p.Source(env, SyncOptions{})
	if err == nil && src != nil {
		r := &Runner{Store: env.Store, Sources: []Source{src}, Now: env.Now}
		var res []Result
		res, err = r.Sync(ctx, inc.ID)
		if err == nil && len(res) == 1 {
			err = res[0].Err
		}
	}
	if err != nil {
		return Hint(fmt.Errorf("%s %s is %s, but syncing it back failed: %w", p.title(), ext, status, p.Explained(err)), "run `sitrep sync` later")
	}
	return nil
}

// Hinted is an error with what the person at the terminal can do about
// it. It prints on one line: "ERROR; HINT".
type Hinted struct {
	Err  error
	Hint string
}

func (e *Hinted) Error() string { return e.Err.Error() + "; " + e.Hint }
func (e *Hinted) Unwrap() error { return e.Err }

// Hint adds what to do to err.
func Hint(err error, hint string) error { return &Hinted{Err: err, Hint: hint} }

// Failing is a source that fails every sync with err: a linked source
// whose configuration is missing says what to set instead of being
// skipped without a word.
func Failing(name string, err error) Source { return failing{name, err} }

type failing struct {
	name string
	err  error
}

func (f failing) Name() string { return f.name }

func (f failing) Sync(context.Context, incident.Incident, []byte, func(Page) error) error {
	return f.err
}

// UsageError is a mistake in how a command was called (a bad flag value):
// the command exits with status 2.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// Usage marks err as a usage mistake.
func Usage(err error) error { return &UsageError{Err: err} }

// PostQueued posts the incident's queued notes (incident.PendingPost)
// through their integrations, oldest first. Each post that goes through
// is recorded on its note with the Ref it got (Store.PostDone), so the
// integration's sync does not bring it back, and leaves the queue; one
// that fails stays queued with its error. It returns one Result (Post set)
// per integration that had posts queued.
func PostQueued(ctx context.Context, env Env, providers []Provider, inc incident.Incident) []Result {
	pending, err := env.Store.PendingPosts(ctx, inc.ID)
	if err != nil {
		return []Result{{Source: "queued posts", Post: true, Err: err}}
	}
	var out []Result
	index := map[string]int{}
	for _, pp := range pending {
		i, ok := index[pp.Target]
		if !ok {
			i = len(out)
			index[pp.Target] = i
			out = append(out, Result{Source: pp.Target, Post: true})
		}
		res := &out[i]
		if res.Err != nil {
			res.Queued++ // one failure is enough to know it is down
			continue
		}
		if err := postOne(ctx, env, providers, inc, pp); err != nil {
			res.Err = err
			res.Queued++
			if ctx.Err() == nil {
				_ = env.Store.PostFailed(ctx, pp, err)
			}
			continue
		}
		res.Posted++
	}
	return out
}

func postOne(ctx context.Context, env Env, providers []Provider, inc incident.Incident, pp incident.PendingPost) error {
	var p Provider
	for _, cand := range providers {
		if cand.Name == pp.Target {
			p = cand
		}
	}
	if p.Name == "" {
		return fmt.Errorf("no integration called %s", pp.Target)
	}
	e, err := env.Store.Event(ctx, pp.EventID)
	if err != nil {
		return err
	}
	posted := e
	posted.Ref, posted.Attrs = "", nil
	if err := p.PostNote(ctx, env, inc, &posted); err != nil {
		return err
	}
	_, err = env.Store.PostDone(ctx, pp, posted.Ref, posted.Attrs)
	return err
}
