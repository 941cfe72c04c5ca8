package slack

import (
	"context"
	"fmt"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/timeline"
)

// Poster posts sitrep notes to an incident's linked channel, so
// responders on other machines see them (`sitrep note --slack`).
type Poster struct {
	API     API
	TeamURL string // for the returned permalink; "" for none
}

// PostNote posts the note and returns the Ref a sync will give the posted
// message, so storing it with the note keeps the next sync from capturing
// it a second time.
func (p *Poster) PostNote(ctx context.Context, inc incident.Incident, e timeline.Event) (string, map[string]string, error) {
	channel := inc.Links["slack"]
	if channel == "" {
		return "", nil, fmt.Errorf("%s has no Slack channel; link one with `sitrep link slack CHANNEL`", inc.ID)
	}
	if !IsChannelID(channel) {
		id, err := p.API.ChannelID(ctx, channel)
		if err != nil {
			return "", nil, err
		}
		channel = id
	}
	label := string(e.Kind)
	if e.Kind == timeline.KindFactor {
		label = "contributing factor"
	}
	text := fmt.Sprintf("[%s] %s from %s: %s", inc.ID, label, e.Actor, e.Text)
	ts, err := p.API.Post(ctx, channel, text)
	if err != nil {
		return "", nil, err
	}
	attrs := map[string]string{AttrChannel: channel, AttrTS: ts}
	mp := mapper{channel: channel, teamURL: p.TeamURL}
	if link := mp.permalink(message{TS: ts}); link != "" {
		attrs[timeline.AttrPermalink] = link
	}
	return timeline.SlackRef(channel, ts), attrs, nil
}
