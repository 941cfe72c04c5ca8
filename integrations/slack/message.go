package slack

import (
	"crypto/sha256"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/sitrep-dev/sitrep/timeline"
)

// Attributes this package adds to events.
const (
	AttrChannel  = "channel"       // channel ID
	AttrTS       = "ts"            // the message's Slack timestamp
	AttrSubtype  = "subtype"       // channel_join, file_share, bot_message, ...
	AttrBot      = "bot"           // "true" on messages posted by a bot or app
	AttrFiles    = "files"         // names of shared files, "; "-separated
	AttrEdited   = "edited"        // Slack timestamp of the last edit applied
	AttrOriginal = "original_text" // the text before the first edit
	AttrReplies  = "replies"       // reply count, on a thread's parent
)

// message is a Slack message as the Web API, the Events API and both
// export shapes carry it; only the fields sitrep uses.
type message struct {
	Type        string     `json:"type"`
	Subtype     string     `json:"subtype"`
	TS          string     `json:"ts"`
	ThreadTS    string     `json:"thread_ts"`
	User        string     `json:"user"`
	BotID       string     `json:"bot_id"`
	Username    string     `json:"username"`
	Text        string     `json:"text"`
	Hidden      bool       `json:"hidden"`
	ReplyCount  int        `json:"reply_count"`
	LatestReply string     `json:"latest_reply"`
	PinnedTo    []string   `json:"pinned_to"`
	Edited      *edited    `json:"edited"`
	Reactions   []reaction `json:"reactions"`
	Files       []file     `json:"files"`
	File        *file      `json:"file"` // the 2016 shape: one file per file_share
	BotProfile  *struct {
		Name string `json:"name"`
	} `json:"bot_profile"`
}

type edited struct {
	User string `json:"user"`
	TS   string `json:"ts"`
}

type reaction struct {
	Name  string   `json:"name"`
	Users []string `json:"users"`
	Count int      `json:"count"`
}

type file struct {
	Name  string `json:"name"`
	Title string `json:"title"`
}

// isBot reports whether a bot or an app posted the message.
func (m message) isBot() bool {
	switch m.Subtype {
	case "bot_add", "bot_remove": // a person adding or removing an integration
		return false
	case "bot_message":
		return true
	}
	return m.BotID != "" || m.BotProfile != nil
}

// isReply reports whether the message is a reply inside a thread (not the
// thread's parent).
func (m message) isReply() bool { return m.ThreadTS != "" && m.ThreadTS != m.TS }

// hasReaction reports whether anyone reacted with name (skin tones count
// as the same reaction).
func (m message) hasReaction(name string) bool {
	for _, r := range m.Reactions {
		base, _, _ := strings.Cut(r.Name, "::")
		if base == name {
			return true
		}
	}
	return false
}

// ParseTS converts a Slack timestamp ("1512085950.000216", seconds and
// microseconds) to a time.
func ParseTS(ts string) (time.Time, error) {
	secs, frac, _ := strings.Cut(ts, ".")
	s, err := strconv.ParseInt(secs, 10, 64)
	if err != nil || s < 0 {
		return time.Time{}, fmt.Errorf("%q is not a Slack timestamp", ts)
	}
	var us int64
	if frac != "" {
		if len(frac) > 6 {
			frac = frac[:6]
		}
		frac += strings.Repeat("0", 6-len(frac))
		if us, err = strconv.ParseInt(frac, 10, 64); err != nil {
			return time.Time{}, fmt.Errorf("%q is not a Slack timestamp", ts)
		}
	}
	return time.Unix(s, us*1000).UTC(), nil
}

// FormatTS converts a time to a Slack timestamp, for the API's oldest and
// latest bounds.
func FormatTS(t time.Time) string {
	return fmt.Sprintf("%d.%06d", t.Unix(), t.Nanosecond()/1000)
}

// MessageID is the event ID of the message with this channel and ts: a
// ULID whose time is the message's and whose randomness is a hash of its
// Ref. Deriving it (rather than letting the store draw one) lets an edit,
// a deletion or a reaction find the message's event without a lookup, and
// gives a sync and an import of the same message the same ID.
func MessageID(channel, ts string) string {
	at, err := ParseTS(ts)
	if err != nil {
		at = time.Unix(0, 0)
	}
	sum := sha256.Sum256([]byte(timeline.SlackRef(channel, ts)))
	var id ulid.ULID
	_ = id.SetTime(ulid.Timestamp(at)) // only fails past the year 10889
	copy(id[6:], sum[:10])
	return id.String()
}

// mapper turns messages of one channel into events of one incident.
type mapper struct {
	incident string
	channel  string
	teamURL  string            // "https://acme.slack.com/", for permalinks; "" for none
	names    map[string]string // user or bot ID → display name
}

// event maps one message. ok is false for messages that are not worth a
// timeline entry (empty system messages, tombstones handled by the caller).
func (mp *mapper) event(m message) (timeline.Event, bool) {
	at, err := ParseTS(m.TS)
	if err != nil {
		return timeline.Event{}, false
	}
	text := mp.text(m.Text)
	var files []string
	if m.File != nil {
		files = append(files, m.File.label())
	}
	for _, f := range m.Files {
		files = append(files, f.label())
	}
	if strings.TrimSpace(text) == "" && len(files) == 0 {
		return timeline.Event{}, false
	}
	if text == "" {
		text = "shared " + strings.Join(files, ", ")
	}
	e := timeline.Event{
		ID:       MessageID(mp.channel, m.TS),
		Incident: mp.incident,
		At:       at,
		Source:   timeline.SourceSlack,
		Kind:     timeline.KindMessage,
		Actor:    mp.actor(m),
		Text:     text,
		Ref:      timeline.SlackRef(mp.channel, m.TS),
		Attrs:    map[string]string{AttrChannel: mp.channel, AttrTS: m.TS},
	}
	if m.Subtype != "" {
		e.Attrs[AttrSubtype] = m.Subtype
	}
	if m.isBot() {
		e.Attrs[AttrBot] = "true"
	}
	if len(files) > 0 {
		e.Attrs[AttrFiles] = strings.Join(files, "; ")
	}
	if m.isReply() {
		e.Attrs[timeline.AttrThread] = m.ThreadTS
	}
	if m.ReplyCount > 0 {
		e.Attrs[AttrReplies] = strconv.Itoa(m.ReplyCount)
	}
	if m.Edited != nil && m.Edited.TS != "" {
		e.Attrs[AttrEdited] = m.Edited.TS
	}
	if link := mp.permalink(m); link != "" {
		e.Attrs[timeline.AttrPermalink] = link
	}
	return e, true
}

// deleted returns the flag that hides target, the event of the deleted
// message ts (its MessageID, or a posted note's own ID).
func (mp *mapper) deleted(ts, target string, at time.Time) timeline.Event {
	return timeline.Event{
		Incident: mp.incident,
		At:       at,
		Source:   timeline.SourceSlack,
		Kind:     timeline.KindFlag,
		Text:     "message deleted in Slack",
		Ref:      timeline.SlackRef(mp.channel, ts) + "/deleted",
		Attrs: map[string]string{
			timeline.AttrTarget: target,
			timeline.AttrFlag:   timeline.FlagHide,
			AttrChannel:         mp.channel,
			AttrTS:              ts,
		},
	}
}

func (f file) label() string {
	if f.Title != "" {
		return f.Title
	}
	return f.Name
}

// actor names who posted: the user's name, or the bot's labelled as one.
func (mp *mapper) actor(m message) string {
	if m.isBot() {
		name := m.Username
		if m.BotProfile != nil && m.BotProfile.Name != "" {
			name = m.BotProfile.Name
		}
		if name == "" {
			name = mp.names[m.BotID]
		}
		if name == "" {
			name = m.BotID
		}
		if name == "" {
			name = "bot"
		}
		return name + " (bot)"
	}
	if n := mp.names[m.User]; n != "" {
		return n
	}
	return m.User
}

// permalink builds the message's link from the workspace URL (the same
// form chat.getPermalink returns), so a sync does not spend one request
// per message on it.
func (mp *mapper) permalink(m message) string {
	if mp.teamURL == "" {
		return ""
	}
	link := strings.TrimSuffix(mp.teamURL, "/") + "/archives/" + mp.channel + "/p" + strings.Replace(m.TS, ".", "", 1)
	if m.isReply() {
		link += "?thread_ts=" + m.ThreadTS + "&cid=" + mp.channel
	}
	return link
}

// text turns Slack's message markup into plain text: mentions (<@U123>,
// <@U123|name>) become @name, channel links (<#C123|name>) #name, special
// mentions (<!here>) @here, links (<https://x|label>) "label (url)", and
// the three escaped characters are restored. A hand-written scan: imports
// run it on every message.
func (mp *mapper) text(s string) string {
	if strings.IndexByte(s, '<') >= 0 {
		var b strings.Builder
		b.Grow(len(s))
		for {
			open := strings.IndexByte(s, '<')
			if open < 0 {
				break
			}
			end := strings.IndexByte(s[open:], '>')
			if end < 0 {
				break
			}
			b.WriteString(s[:open])
			b.WriteString(mp.token(s[open+1 : open+end]))
			s = s[open+end+1:]
		}
		b.WriteString(s)
		s = b.String()
	}
	if strings.IndexByte(s, '&') >= 0 {
		s = unescape.Replace(s)
	}
	return s
}

// unescape restores the three characters Slack escapes in message text.
var unescape = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")

// token renders the inside of one <...> markup token.
func (mp *mapper) token(tok string) string {
	target, label, _ := strings.Cut(tok, "|")
	if target == "" {
		return label
	}
	switch target[0] {
	case '@':
		id := target[1:]
		if n := mp.names[id]; n != "" {
			return "@" + n
		}
		if label != "" {
			return "@" + label
		}
		return "@" + id
	case '#':
		if label != "" {
			return "#" + label
		}
		return target
	case '!':
		if label != "" {
			return label
		}
		name, _, _ := strings.Cut(target[1:], "^")
		return "@" + name
	}
	if label != "" && label != target {
		return label + " (" + target + ")"
	}
	return target
}
