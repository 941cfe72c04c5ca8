package slack

import (
	"archive/zip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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
	var events []timeline.Event
	var names map[string]string
	res, err := StreamExport(name, opts, 0, func(b ExportResult) error {
		events = append(events, b.Events...)
		if b.Names != nil {
			names = b.Names
		}
		return nil
	})
	res.Events, res.Names = events, names
	return res, err
}

// StreamExport reads an export as ReadExport does, but hands its events to
// each as they are read, in batches of at most batch events (0: all at
// once) and at most maxBatchBytes of text, so that memory stays bounded
// whatever the size of the export: an import stores each batch before the
// next is read. The first batch carries Names (possibly with no events).
// The result returned holds the counts; its Events and Names are nil.
func StreamExport(name string, opts ExportOptions, batch int, each func(ExportResult) error) (ExportResult, error) {
	st, err := os.Stat(name)
	if err != nil {
		return ExportResult{}, err
	}
	if st.IsDir() {
		return streamExportFS(os.DirFS(name), opts, batch, each)
	}
	zr, err := zip.OpenReader(name)
	if err != nil {
		return ExportResult{}, fmt.Errorf("%s: not a Slack export zip: %w", name, err)
	}
	defer zr.Close()
	return streamExportFS(exportRoot(zr), opts, batch, each)
}

// maxBatchBytes bounds the text one streamed batch holds.
const maxBatchBytes = 32 << 20

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

// The limits an export is read within. An export is untrusted input: a
// zip can inflate a few hundred kilobytes into gigabytes (a zip bomb), and
// a file can hold one enormous message. The sizes a zip declares are what
// archive/zip enforces while reading, so they are checked before anything
// is read or stored; every file is then read one message at a time.
const (
	// MaxExportBytes bounds the uncompressed size of the files read for
	// one channel (channels.json, groups.json, users.json and the
	// channel's day files).
	MaxExportBytes = 1 << 30
	// maxInflation is the largest compression ratio accepted for what is
	// read beyond inflationFloor: Slack's JSON compresses about 10:1.
	maxInflation   = 100
	inflationFloor = 16 << 20
	// maxElementBytes bounds one message (or user, or channel) in a file.
	maxElementBytes = 8 << 20
)

// ErrExportTooLarge means an export was refused by its size: a zip bomb,
// or more than MaxExportBytes for one channel.
var ErrExportTooLarge = errors.New("export refused by its size")

// checkSizes refuses files that would inflate beyond the limits, before
// any of them is read. Files that do not exist are skipped.
func checkSizes(fsys fs.FS, names []string) error {
	var total, packed int64
	for _, name := range names {
		st, err := fs.Stat(fsys, name)
		if err != nil {
			continue
		}
		size, compressed := st.Size(), st.Size()
		if h, ok := st.Sys().(*zip.FileHeader); ok {
			compressed = int64(h.CompressedSize64)
		}
		if size > inflationFloor && size/max(compressed, 1) > maxInflation {
			return fmt.Errorf("%w: %s inflates %d KiB into %d MiB (%d:1), which no Slack export does: a zip bomb?",
				ErrExportTooLarge, name, compressed>>10, size>>20, size/max(compressed, 1))
		}
		total += size
		packed += compressed
	}
	if total > MaxExportBytes {
		return fmt.Errorf("%w: the channel's files hold %d MiB uncompressed, over the %d MiB sitrep reads from one export",
			ErrExportTooLarge, total>>20, MaxExportBytes>>20)
	}
	if total > inflationFloor && total/max(packed, 1) > maxInflation {
		return fmt.Errorf("%w: the channel's files inflate %d KiB into %d MiB (%d:1), which no Slack export does: a zip bomb?",
			ErrExportTooLarge, packed>>10, total>>20, total/max(packed, 1))
	}
	return nil
}

// ReadExportFS reads an export from fsys (its root holds users.json).
func ReadExportFS(fsys fs.FS, opts ExportOptions) (ExportResult, error) {
	var events []timeline.Event
	var names map[string]string
	res, err := streamExportFS(fsys, opts, 0, func(b ExportResult) error {
		events = append(events, b.Events...)
		if b.Names != nil {
			names = b.Names
		}
		return nil
	})
	res.Events, res.Names = events, names
	return res, err
}

func streamExportFS(fsys fs.FS, opts ExportOptions, batch int, each func(ExportResult) error) (ExportResult, error) {
	var res ExportResult
	if err := checkSizes(fsys, []string{"channels.json", "groups.json"}); err != nil {
		return res, err
	}
	ch, err := findChannel(fsys, opts.Channel)
	if err != nil {
		return res, err
	}
	res.ChannelID = ch.ID
	days, err := fs.Glob(fsys, path.Join(escapeGlob(ch.Name), "*.json"))
	if err != nil {
		return res, err
	}
	if len(days) == 0 {
		return res, fmt.Errorf("the export has no messages for #%s (no %s/ folder)", ch.Name, ch.Name)
	}
	sort.Strings(days)
	if err := checkSizes(fsys, append([]string{"channels.json", "groups.json", "users.json"}, days...)); err != nil {
		return res, err
	}
	names := map[string]string{}
	cache := map[string]string{}
	err = readJSONArray(fsys, "users.json", func(dec *json.Decoder) error {
		var u exportUser
		if err := dec.Decode(&u); err != nil {
			return err
		}
		names[u.ID] = u.displayName()
		cache[UserKey(u.ID)] = names[u.ID]
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return res, err
	}
	// pending is the batch being filled; cache goes with the first.
	var pending []timeline.Event
	pendingBytes := 0
	var sinkErr error // each's error, returned as it is
	flush := func() error {
		if len(pending) == 0 && cache == nil {
			return nil
		}
		sinkErr = each(ExportResult{ChannelID: ch.ID, Events: pending, Names: cache})
		pending, pendingBytes, cache = nil, 0, nil
		return sinkErr
	}
	add := func(e timeline.Event) error {
		pending = append(pending, e)
		pendingBytes += len(e.Text) + 256
		if batch > 0 && (len(pending) >= batch || pendingBytes >= maxBatchBytes) {
			return flush()
		}
		return nil
	}
	mp := &mapper{incident: opts.Incident, channel: ch.ID, teamURL: opts.TeamURL, names: names}
	for _, day := range days {
		err := readJSONArray(fsys, day, func(dec *json.Decoder) error {
			var m message
			if err := dec.Decode(&m); err != nil {
				return err
			}
			res.Messages++
			at, err := ParseTS(m.TS)
			if err != nil || (!opts.Since.IsZero() && at.Before(opts.Since)) || (!opts.Until.IsZero() && !at.Before(opts.Until)) {
				res.Skipped++
				return nil
			}
			if m.Subtype == "tombstone" {
				return add(mp.deleted(m.TS, MessageID(ch.ID, m.TS), at))
			}
			e, ok := mp.event(m)
			if !ok {
				res.Skipped++
				return nil
			}
			return add(e)
		})
		if sinkErr != nil {
			return res, sinkErr
		}
		if err != nil {
			return res, err
		}
		res.Files++
	}
	return res, flush()
}

// elementLimit counts what a decoder reads since its last element, so one
// element cannot be larger than maxElementBytes.
type elementLimit struct {
	r    io.Reader
	name string
	n    int64
}

func (l *elementLimit) Read(p []byte) (int, error) {
	if l.n > maxElementBytes {
		return 0, fmt.Errorf("%w: %s holds an entry over %d MiB", ErrExportTooLarge, l.name, maxElementBytes>>20)
	}
	if rest := maxElementBytes + 1 - l.n; int64(len(p)) > rest {
		p = p[:rest] // so the limit is seen however much the decoder asks for
	}
	n, err := l.r.Read(p)
	l.n += int64(n)
	return n, err
}

// readJSONArray reads a file holding a JSON array one element at a time:
// each calls decode, which decodes one element from dec.
func readJSONArray(fsys fs.FS, name string, decode func(dec *json.Decoder) error) error {
	f, err := fsys.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	lim := &elementLimit{r: f, name: name}
	dec := json.NewDecoder(lim)
	fail := func(err error) error {
		if errors.Is(err, ErrExportTooLarge) {
			return err
		}
		return fmt.Errorf("%s: %w", name, err)
	}
	if tok, err := dec.Token(); err != nil {
		return fail(err)
	} else if tok != json.Delim('[') {
		return fail(errors.New("not a JSON array"))
	}
	for dec.More() {
		lim.n = 0
		if err := decode(dec); err != nil {
			return fail(err)
		}
	}
	if _, err := dec.Token(); err != nil {
		return fail(err)
	}
	return nil
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
		err := readJSONArray(fsys, list, func(dec *json.Decoder) error {
			var c exportChannel
			if err := dec.Decode(&c); err != nil {
				return err
			}
			chans = append(chans, c)
			return nil
		})
		if err != nil {
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
