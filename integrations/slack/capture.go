package slack

import (
	"context"
	"fmt"
	"strings"
)

// DefaultReaction marks a message for capture in reaction mode: 📌.
const DefaultReaction = "pushpin"

// Capture says which of a channel's messages become timeline events.
type Capture struct {
	Mode     string // CaptureAll, CaptureReaction or CapturePinned
	Reaction string // in reaction mode, the reaction's name without colons
}

// Capture modes.
const (
	CaptureAll      = "all"      // every message
	CaptureReaction = "reaction" // messages someone reacted to with Capture.Reaction
	CapturePinned   = "pinned"   // messages pinned to the channel
)

// ParseCapture reads "all", "pinned", "reaction" (📌) or "reaction:NAME"
// (also ":NAME:"). "" is all.
func ParseCapture(s string) (Capture, error) {
	mode, name, hasName := strings.Cut(strings.TrimSpace(s), ":")
	switch mode {
	case "", CaptureAll:
		if hasName {
			break
		}
		return Capture{Mode: CaptureAll}, nil
	case CapturePinned:
		if hasName {
			break
		}
		return Capture{Mode: CapturePinned}, nil
	case CaptureReaction:
		name = strings.Trim(name, ":")
		if name == "" {
			name = DefaultReaction
		}
		return Capture{Mode: CaptureReaction, Reaction: name}, nil
	}
	return Capture{}, fmt.Errorf("capture mode %q is not all, pinned, reaction or reaction:NAME", s)
}

// String is the form ParseCapture reads.
func (c Capture) String() string {
	switch c.Mode {
	case CaptureReaction:
		return CaptureReaction + ":" + c.Reaction
	case CapturePinned:
		return CapturePinned
	}
	return CaptureAll
}

// keeps reports whether the message is captured. Channel housekeeping
// (joins, topic changes) counts only when everything is captured.
func (c Capture) keeps(m message) bool {
	switch c.Mode {
	case CaptureReaction:
		return m.hasReaction(c.Reaction)
	case CapturePinned:
		return len(m.PinnedTo) > 0
	}
	return true
}

// captureOf reads an incident's capture mode (SettingCapture); an unset or
// unreadable one is all.
func captureOf(ctx context.Context, s interface {
	Setting(ctx context.Context, incidentID, name string) (string, error)
}, incidentID string) (Capture, error) {
	v, err := s.Setting(ctx, incidentID, SettingCapture)
	if err != nil {
		return Capture{}, err
	}
	c, err := ParseCapture(v)
	if err != nil {
		return Capture{Mode: CaptureAll}, nil
	}
	return c, nil
}

// UserKey is the store cache key of a resolved user or bot name.
func UserKey(id string) string { return userPrefix + id }

// CachedTeamURL returns the workspace URL a sync cached, or "" (then
// permalinks wait for a sync).
func CachedTeamURL(ctx context.Context, s interface {
	Cached(ctx context.Context, prefix string) (map[string]string, error)
}) (string, error) {
	cached, err := s.Cached(ctx, TeamURLKey)
	return cached[TeamURLKey], err
}

// TeamURLKey is the store cache key of the workspace URL (from auth.test),
// used to build permalinks.
const TeamURLKey = "slack/team_url"

const userPrefix = "slack/user/"
