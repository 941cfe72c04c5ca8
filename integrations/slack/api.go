package slack

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	slackgo "github.com/slack-go/slack"

	"github.com/sitrep-dev/sitrep/timeline"
)

// API is the part of Slack's Web API sitrep uses. Client implements it
// with slack-go; everything else in this package talks to this interface.
type API interface {
	// TeamURL is the workspace's URL ("https://acme.slack.com/", from
	// auth.test); it also proves the token works.
	TeamURL(ctx context.Context) (string, error)
	// ChannelID resolves a channel name (without "#") to its ID
	// (conversations.list).
	ChannelID(ctx context.Context, name string) (string, error)
	// History reads one page of a channel's history (conversations.history),
	// newest first.
	History(ctx context.Context, req HistoryRequest) (HistoryPage, error)
	// Replies reads one page of a thread, parent first
	// (conversations.replies).
	Replies(ctx context.Context, channel, threadTS, cursor string) (HistoryPage, error)
	// UserName returns the name Slack shows for a user (users.info).
	UserName(ctx context.Context, id string) (string, error)
	// Post posts text to a channel and returns the new message's ts
	// (chat.postMessage).
	Post(ctx context.Context, channel, text string) (string, error)
	// Message fetches one message by ts, a thread reply too
	// (conversations.replies with the message's own ts).
	Message(ctx context.Context, channel, ts string) (message, bool, error)
}

// HistoryRequest bounds one conversations.history call.
type HistoryRequest struct {
	Channel string
	Oldest  string // exclusive lower bound, a Slack ts; "" for none
	Latest  string // inclusive upper bound, a Slack ts; "" for now
	Cursor  string
	Limit   int
}

// HistoryPage is one page of messages.
type HistoryPage struct {
	Messages []message
	HasMore  bool
	Next     string // the cursor of the next page
}

// DefaultAPIURL is Slack's Web API base.
const DefaultAPIURL = "https://slack.com/api/"

// ClientOptions configure a Client.
type ClientOptions struct {
	Token      string
	APIURL     string       // default DefaultAPIURL; a trailing "/" is added if missing
	HTTPClient *http.Client // default http.DefaultClient
	// Wait sleeps for a 429's Retry-After; default a timer that honours ctx.
	// Tests inject one that records the wait instead.
	Wait func(ctx context.Context, d time.Duration) error
	// Notify receives progress lines (rate-limit waits), for stderr.
	Notify func(string)
	// MaxRateLimitWaits is how many 429s in a row one call sits out before
	// giving up; default 5.
	MaxRateLimitWaits int
}

// Client is the slack-go implementation of API. It honours 429s by
// waiting out Retry-After and retrying the same request.
type Client struct {
	api      *slackgo.Client
	wait     func(ctx context.Context, d time.Duration) error
	notify   func(string)
	maxWaits int
}

// NewClient returns a Client for the token.
func NewClient(opts ClientOptions) *Client {
	base := opts.APIURL
	if base == "" {
		base = DefaultAPIURL
	}
	if !strings.HasSuffix(base, "/") {
		base += "/" // slack-go joins the method name on without a separator
	}
	hc := opts.HTTPClient
	if hc == nil {
		hc = http.DefaultClient
	}
	c := &Client{
		api:      slackgo.New(opts.Token, slackgo.OptionAPIURL(base), slackgo.OptionHTTPClient(hc)),
		wait:     opts.Wait,
		notify:   opts.Notify,
		maxWaits: opts.MaxRateLimitWaits,
	}
	if c.wait == nil {
		c.wait = sleep
	}
	if c.notify == nil {
		c.notify = func(string) {}
	}
	if c.maxWaits <= 0 {
		c.maxWaits = 5
	}
	return c
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// call runs one API method, sitting out rate limits, and turns Slack's
// error codes into errors that say what to do.
func (c *Client) call(ctx context.Context, method, subject string, fn func() error) error {
	for waits := 0; ; waits++ {
		err := fn()
		var limited *slackgo.RateLimitedError
		if !errors.As(err, &limited) {
			return explain(method, subject, err)
		}
		if waits >= c.maxWaits {
			return fmt.Errorf("slack %s: still rate limited after %d waits; run sync again later, it resumes where it stopped", method, waits)
		}
		d := max(limited.RetryAfter, time.Second)
		c.notify(fmt.Sprintf("slack: %s rate limited; waiting %s as Slack asks (Retry-After)", method, d))
		if err := c.wait(ctx, d); err != nil {
			return err
		}
	}
}

// Error is a Slack API error with what to do about it.
type Error struct {
	Method string // "conversations.history"
	Code   string // Slack's error code: "invalid_auth", "channel_not_found", ...
	Hint   string
}

func (e *Error) Error() string {
	msg := fmt.Sprintf("slack %s: %s", e.Method, e.Code)
	if e.Hint != "" {
		msg += "; " + e.Hint
	}
	return msg
}

// IsAuth reports whether the token was refused.
func (e *Error) IsAuth() bool {
	switch e.Code {
	case "invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive":
		return true
	}
	return false
}

func explain(method, subject string, err error) error {
	if err == nil {
		return nil
	}
	var resp slackgo.SlackErrorResponse
	if !errors.As(err, &resp) {
		return fmt.Errorf("slack %s: %w", method, err)
	}
	// The code comes from the server and ends up on a terminal.
	e := &Error{Method: method, Code: timeline.SanitizeLine(resp.Err)}
	switch {
	case e.IsAuth():
		e.Hint = "Slack refused SLACK_TOKEN; set it to the app's bot token (xoxb-…) from api.slack.com/apps → OAuth & Permissions"
	case e.Code == "channel_not_found":
		e.Hint = fmt.Sprintf("the token cannot see channel %s; check the link with `sitrep show`, and invite the app to a private channel (/invite @app)", subject)
	case e.Code == "not_in_channel":
		e.Hint = fmt.Sprintf("invite the app to %s (/invite @app in the channel)", subject)
	case e.Code == "missing_scope":
		e.Hint = "the app lacks a scope; add channels:history, groups:history, channels:read, groups:read, users:read and chat:write, then reinstall it"
		if resp.Needed != "" {
			e.Hint = "the app lacks the " + resp.Needed + " scope; add it under OAuth & Permissions and reinstall the app"
		}
	case e.Code == "user_not_found":
		e.Hint = "the user may have left the workspace; their ID is kept"
	}
	return e
}

// TeamURL implements API.
func (c *Client) TeamURL(ctx context.Context) (string, error) {
	var url string
	err := c.call(ctx, "auth.test", "", func() error {
		r, err := c.api.AuthTestContext(ctx)
		if err == nil {
			url = r.URL
		}
		return err
	})
	return url, err
}

// ChannelID implements API.
func (c *Client) ChannelID(ctx context.Context, name string) (string, error) {
	name = strings.TrimPrefix(name, "#")
	cursor := ""
	seen := map[string]bool{}
	for pages := 1; ; pages++ {
		var chans []slackgo.Channel
		var next string
		err := c.call(ctx, "conversations.list", "#"+name, func() error {
			var err error
			chans, next, err = c.api.GetConversationsContext(ctx, &slackgo.GetConversationsParameters{
				Cursor: cursor, Limit: 1000, ExcludeArchived: true,
				Types: []string{"public_channel", "private_channel"},
			})
			return err
		})
		if err != nil {
			return "", err
		}
		for _, ch := range chans {
			if ch.Name == name || ch.NameNormalized == name {
				return ch.ID, nil
			}
		}
		// conversations.list may answer a page with no channels (archived
		// ones filtered out) and more to come, so only a cursor seen
		// before, or too many pages, stop the paging early.
		if next == "" || seen[next] || pages >= maxPages {
			return "", fmt.Errorf("slack: no channel #%s visible to this token; check the name, or invite the app to a private channel (/invite @app), or give the channel ID (C…)", name)
		}
		seen[next] = true
		cursor = next
	}
}

// History implements API.
func (c *Client) History(ctx context.Context, req HistoryRequest) (HistoryPage, error) {
	oldest, inclusive := req.Oldest, req.Latest != ""
	if inclusive && oldest != "" {
		// Slack's inclusive covers both bounds. Oldest stays exclusive (a
		// sync asks for what is newer than the newest message it read) by
		// starting a microsecond, Slack's resolution, after it.
		if t, err := ParseTS(oldest); err == nil {
			oldest = FormatTS(t.Add(time.Microsecond))
		}
	}
	var page HistoryPage
	err := c.call(ctx, "conversations.history", req.Channel, func() error {
		r, err := c.api.GetConversationHistoryContext(ctx, &slackgo.GetConversationHistoryParameters{
			ChannelID: req.Channel, Oldest: oldest, Latest: req.Latest, Cursor: req.Cursor, Limit: req.Limit,
			Inclusive: inclusive,
		})
		if err != nil {
			return err
		}
		if err := r.Err(); err != nil {
			return err
		}
		page = HistoryPage{Messages: fromSlackGo(r.Messages), HasMore: r.HasMore, Next: r.ResponseMetaData.NextCursor}
		return nil
	})
	return page, err
}

// Replies implements API.
func (c *Client) Replies(ctx context.Context, channel, threadTS, cursor string) (HistoryPage, error) {
	var page HistoryPage
	err := c.call(ctx, "conversations.replies", channel, func() error {
		msgs, more, next, err := c.api.GetConversationRepliesContext(ctx, &slackgo.GetConversationRepliesParameters{
			ChannelID: channel, Timestamp: threadTS, Cursor: cursor, Limit: 200,
		})
		if err != nil {
			return err
		}
		page = HistoryPage{Messages: fromSlackGo(msgs), HasMore: more, Next: next}
		return nil
	})
	return page, err
}

// Message implements API.
func (c *Client) Message(ctx context.Context, channel, ts string) (message, bool, error) {
	var out []message
	err := c.call(ctx, "conversations.replies", channel, func() error {
		msgs, _, _, err := c.api.GetConversationRepliesContext(ctx, &slackgo.GetConversationRepliesParameters{
			ChannelID: channel, Timestamp: ts, Latest: ts, Oldest: ts, Inclusive: true, Limit: 1,
		})
		out = fromSlackGo(msgs)
		return err
	})
	for _, m := range out {
		if m.TS == ts {
			return m, true, nil
		}
	}
	return message{}, false, err
}

// UserName implements API.
func (c *Client) UserName(ctx context.Context, id string) (string, error) {
	var u *slackgo.User
	err := c.call(ctx, "users.info", id, func() error {
		var err error
		u, err = c.api.GetUserInfoContext(ctx, id)
		return err
	})
	if err != nil {
		return "", err
	}
	for _, n := range []string{u.Profile.DisplayName, u.RealName, u.Profile.RealName, u.Name} {
		if strings.TrimSpace(n) != "" {
			return strings.TrimSpace(n), nil
		}
	}
	return id, nil
}

// Post implements API.
func (c *Client) Post(ctx context.Context, channel, text string) (string, error) {
	var ts string
	err := c.call(ctx, "chat.postMessage", channel, func() error {
		var err error
		_, ts, err = c.api.PostMessageContext(ctx, channel, slackgo.MsgOptionText(text, false), slackgo.MsgOptionDisableLinkUnfurl())
		return err
	})
	return ts, err
}

func fromSlackGo(msgs []slackgo.Message) []message {
	out := make([]message, len(msgs))
	for i, m := range msgs {
		out[i] = message{
			Type: m.Type, Subtype: m.SubType, TS: m.Timestamp, ThreadTS: m.ThreadTimestamp,
			User: m.User, BotID: m.BotID, Username: m.Username, Text: m.Text, Hidden: m.Hidden,
			ReplyCount: m.ReplyCount, LatestReply: m.LatestReply, PinnedTo: m.PinnedTo,
		}
		if m.Edited != nil {
			out[i].Edited = &edited{User: m.Edited.User, TS: m.Edited.Timestamp}
		}
		for _, r := range m.Reactions {
			out[i].Reactions = append(out[i].Reactions, reaction{Name: r.Name, Users: r.Users, Count: r.Count})
		}
		for _, f := range m.Files {
			out[i].Files = append(out[i].Files, file{Name: f.Name, Title: f.Title})
		}
		if m.BotProfile != nil {
			out[i].BotProfile = &struct {
				Name string `json:"name"`
			}{Name: m.BotProfile.Name}
		}
	}
	return out
}
