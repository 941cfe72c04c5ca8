package slack

import (
	"archive/zip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/sitrep-dev/sitrep/incident"
	"github.com/sitrep-dev/sitrep/timeline"
)

// ExportOptions say what to take from a workspace export.
type ExportOptions struct {
	Channel  string    // the channel's name ("#name" too) or ID
	Incident string    // the incident the events go to ("INC-7")
	Since    time.Time // messages at or after; zero: from the start
	Until    time.Time // messages before; zero: to the end
	TeamURL  string    // workspace URL for permalinks; "" for none
}

// ExportResult is what an export yields, ready for one store write.
type ExportResult struct {
	ChannelID string
	Events    []timeline.Event
	Names     map[string]string // store cache entries: user ID key → name
	Files     int               // day files read
	Messages  int               // messages read in the channel's files
	Skipped   int               // outside --since/--until, or empty
}

// ReadExport reads a workspace export, a zip file or the directory it
// unpacks to. Both shapes are read the same way: the 2016 one (one file a
// day, no threads, file_share with a single "file") and the thread-era one
// (replies as messages carrying thread_ts, "files", tombstones for
// deleted thread parents).
func ReadExport(name string, opts ExportOptions) (ExportResult, error) {
	st, err := os.Stat(name)
	if err != nil {
		return ExportResult{}, err
	}
	if st.IsDir() {
		return ReadExportFS(os.DirFS(name), opts)
	}
	zr, err := zip.OpenReader(name)
	if err != nil {
		return ExportResult{}, fmt.Errorf("%s: not a Slack export zip: %w", name, err)
	}
	defer zr.Close()
	return ReadExportFS(exportRoot(zr), opts)
}

// exportRoot steps into the single top-level folder some tools wrap the
// export in.
func exportRoot(fsys fs.FS) fs.FS {
	if _, err := fs.Stat(fsys, "users.json"); err == nil {
		return fsys
	}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil || len(entries) != 1 || !entries[0].IsDir() {
		return fsys
	}
	sub, err := fs.Sub(fsys, entries[0].Name())
	if err != nil {
		return fsys
	}
	return sub
}

// exportChannel is an entry of channels.json or groups.json. "created"
// is a string in old exports and a number in new ones, so it is not read.
type exportChannel struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type exportUser struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	RealName string `json:"real_name"`
	IsBot    bool   `json:"is_bot"`
	Profile  struct {
		DisplayName string `json:"display_name"`
		RealName    string `json:"real_name"`
	} `json:"profile"`
}

// displayName is the name Slack shows: the display name, else the real
// name, else the account name.
func (u exportUser) displayName() string {
	for _, n := range []string{u.Profile.DisplayName, u.RealName, u.Profile.RealName, u.Name} {
		if strings.TrimSpace(n) != "" {
			return strings.TrimSpace(n)
		}
	}
	return u.ID
}

// ReadExportFS reads an export from fsys (its root holds users.json).
func ReadExportFS(fsys fs.FS, opts ExportOptions) (ExportResult, error) {
	var res ExportResult
	ch, err := findChannel(fsys, opts.Channel)
	if err != nil {
		return res, err
	}
	res.ChannelID = ch.ID
	names := map[string]string{}
	var users []exportUser
	if err := readJSON(fsys, "users.json", &users); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return res, err
	}
	res.Names = make(map[string]string, len(users))
	for _, u := range users {
		names[u.ID] = u.displayName()
		res.Names[UserKey(u.ID)] = names[u.ID]
	}
	days, err := fs.Glob(fsys, path.Join(escapeGlob(ch.Name), "*.json"))
	if err != nil {
		return res, err
	}
	if len(days) == 0 {
		return res, fmt.Errorf("the export has no messages for #%s (no %s/ folder)", ch.Name, ch.Name)
	}
	sort.Strings(days)
	mp := &mapper{incident: opts.Incident, channel: ch.ID, teamURL: opts.TeamURL, names: names}
	for _, day := range days {
		var msgs []message
		if err := readJSON(fsys, day, &msgs); err != nil {
			return res, err
		}
		res.Files++
		for _, m := range msgs {
			res.Messages++
			at, err := ParseTS(m.TS)
			if err != nil || (!opts.Since.IsZero() && at.Before(opts.Since)) || (!opts.Until.IsZero() && !at.Before(opts.Until)) {
				res.Skipped++
				continue
			}
			if m.Subtype == "tombstone" {
				res.Events = append(res.Events, mp.deleted(m.TS, MessageID(ch.ID, m.TS), at))
				continue
			}
			e, ok := mp.event(m)
			if !ok {
				res.Skipped++
				continue
			}
			res.Events = append(res.Events, e)
		}
	}
	return res, nil
}

// findChannel looks the channel up by name or ID in channels.json, then
// groups.json (private channels).
func findChannel(fsys fs.FS, want string) (exportChannel, error) {
	want = strings.TrimPrefix(strings.TrimSpace(want), "#")
	if want == "" {
		return exportChannel{}, errors.New("no channel given")
	}
	var known []string
	for _, list := range []string{"channels.json", "groups.json"} {
		var chans []exportChannel
		if err := readJSON(fsys, list, &chans); err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			return exportChannel{}, err
		}
		for _, c := range chans {
			if c.Name == want || c.ID == want {
				return c, nil
			}
			known = append(known, c.Name)
		}
	}
	if len(known) == 0 {
		return exportChannel{}, errors.New("not a Slack workspace export: no channels.json")
	}
	sort.Strings(known)
	return exportChannel{}, fmt.Errorf("the export has no channel %q; it has %s", want, strings.Join(known, ", "))
}

func readJSON(fsys fs.FS, name string, v any) error {
	f, err := fsys.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := json.NewDecoder(f).Decode(v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// escapeGlob quotes a channel name for fs.Glob.
func escapeGlob(s string) string {
	return strings.NewReplacer(`\`, `\\`, "*", `\*`, "?", `\?`, "[", `\[`).Replace(s)
}

// Writer is what storing an import needs. *incident.Store implements it.
type Writer interface {
	Write(ctx context.Context, b incident.Batch) (incident.AppendResult, error)
}

// ImportBatch is how many events one import transaction stores: large
// enough to amortise the commit's fsync, small enough that bbolt's
// per-transaction memory and remapping stay cheap.
const ImportBatch = 10_000

// Store writes an export's events (and its user names, in the first
// batch) in batches of ImportBatch, calling progress after each. An
// interrupted import is finished by running it again: what was stored is
// recognised by Ref and skipped.
func (res ExportResult) Store(ctx context.Context, w Writer, progress func(done, total int)) (stored, duplicates int, err error) {
	cache := res.Names
	for start := 0; start < len(res.Events) || cache != nil; start += ImportBatch {
		end := min(start+ImportBatch, len(res.Events))
		out, err := w.Write(ctx, incident.Batch{Events: res.Events[start:end], Cache: cache})
		if err != nil {
			return stored, duplicates, err
		}
		cache = nil
		stored += len(out.Stored)
		duplicates += out.Duplicates
		if progress != nil {
			progress(end, len(res.Events))
		}
	}
	return stored, duplicates, nil
}
