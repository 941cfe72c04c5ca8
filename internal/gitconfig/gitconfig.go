// Package gitconfig reads a value from git's configuration files the way
// `git config --get` does, without running git: a `sitrep note` asks who
// the user is on every call, and a fork and exec of git costs more than the
// note itself.
//
// Files are read in git's order, and the last value wins: the system file
// (unless GIT_CONFIG_NOSYSTEM), the global files (GIT_CONFIG_GLOBAL, else
// $XDG_CONFIG_HOME/git/config and ~/.gitconfig), the repository's
// .git/config found by walking up from the working directory (GIT_DIR if
// set; worktrees read their common directory's config), and then
// GIT_CONFIG_COUNT/GIT_CONFIG_KEY_n/GIT_CONFIG_VALUE_n. `[include] path`
// is followed, relative to the including file, to a depth of a few files;
// `[includeIf]` is not.
package gitconfig

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// maxIncludeDepth bounds include chains (git's own limit is 10).
const maxIncludeDepth = 5

// Get returns the value of key ("user.name": section, optional subsection,
// name) from git's configuration as seen from dir, and whether it is set.
// getenv reads the environment (os.Getenv, or a test's).
func Get(getenv func(string) string, dir, key string) (string, bool) {
	want, ok := splitKey(key)
	if !ok {
		return "", false
	}
	r := reader{want: want, home: getenv("HOME")}
	if getenv("GIT_CONFIG_NOSYSTEM") == "" {
		system := getenv("GIT_CONFIG_SYSTEM")
		if system == "" {
			system = "/etc/gitconfig"
		}
		r.file(system, 0)
	}
	home := r.home
	if global := getenv("GIT_CONFIG_GLOBAL"); global != "" {
		r.file(expandHome(global, home), 0)
	} else {
		xdg := getenv("XDG_CONFIG_HOME")
		if xdg == "" && home != "" {
			xdg = filepath.Join(home, ".config")
		}
		if xdg != "" {
			r.file(filepath.Join(xdg, "git", "config"), 0)
		}
		if home != "" {
			r.file(filepath.Join(home, ".gitconfig"), 0)
		}
	}
	if gitDir := findGitDir(getenv, dir); gitDir != "" {
		r.file(filepath.Join(commonDir(gitDir), "config"), 0)
	}
	if n, err := strconv.Atoi(getenv("GIT_CONFIG_COUNT")); err == nil {
		for i := range n {
			k, ok := splitKey(getenv("GIT_CONFIG_KEY_" + strconv.Itoa(i)))
			if ok && k == want {
				r.value, r.found = getenv("GIT_CONFIG_VALUE_"+strconv.Itoa(i)), true
			}
		}
	}
	return r.value, r.found
}

// name is a parsed key: section and name lower-cased, subsection as is.
type name struct{ section, sub, key string }

func splitKey(key string) (name, bool) {
	first := strings.IndexByte(key, '.')
	last := strings.LastIndexByte(key, '.')
	if first <= 0 || last == len(key)-1 {
		return name{}, false
	}
	n := name{section: strings.ToLower(key[:first]), key: strings.ToLower(key[last+1:])}
	if first != last {
		n.sub = key[first+1 : last]
	}
	return n, true
}

type reader struct {
	want  name
	home  string
	value string
	found bool
}

// file reads one configuration file; a missing or unreadable one is skipped,
// as git skips a missing one.
func (r *reader) file(path string, depth int) {
	b, err := os.ReadFile(path)
	if err != nil {
		return
	}
	include := name{section: "include", key: "path"}
	parse(string(b), func(n name, v string) {
		if n == r.want {
			r.value, r.found = v, true
		}
		if n == include && depth < maxIncludeDepth && v != "" {
			p := expandHome(v, r.home)
			if !filepath.IsAbs(p) {
				p = filepath.Join(filepath.Dir(path), p)
			}
			r.file(p, depth+1)
		}
	})
}

func expandHome(p, home string) string {
	if home != "" && (p == "~" || strings.HasPrefix(p, "~/")) {
		return filepath.Join(home, p[1:])
	}
	return p
}

// parse calls fn with each key and value of a file in git's config syntax,
// in order. Lines it cannot read are skipped.
func parse(src string, fn func(name, string)) {
	var cur name
	p := parser{s: src}
	for !p.eof() {
		p.space()
		switch c := p.peek(); {
		case c == '\n':
			p.i++
		case c == '#' || c == ';':
			p.skipLine()
		case c == '[':
			var ok bool
			if cur, ok = p.header(); !ok {
				cur = name{}
				p.skipLine()
			}
		case isKeyChar(c):
			key := p.word()
			p.space()
			v := "true" // a key with no "=" is a boolean true
			switch p.peek() {
			case '=':
				p.i++
				v = p.value()
			case '\n', '#', ';', 0:
				p.skipLine()
			default:
				p.skipLine()
				continue
			}
			if cur.section != "" {
				fn(name{cur.section, cur.sub, strings.ToLower(key)}, v)
			}
		default:
			p.skipLine()
		}
	}
}

type parser struct {
	s string
	i int
}

func (p *parser) eof() bool { return p.i >= len(p.s) }

func (p *parser) peek() byte {
	if p.eof() {
		return 0
	}
	return p.s[p.i]
}

func (p *parser) space() {
	for !p.eof() && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\r') {
		p.i++
	}
}

func (p *parser) skipLine() {
	for !p.eof() && p.s[p.i] != '\n' {
		p.i++
	}
}

func isKeyChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-'
}

func (p *parser) word() string {
	start := p.i
	for !p.eof() && (isKeyChar(p.s[p.i]) || p.s[p.i] == '.') {
		p.i++
	}
	return p.s[start:p.i]
}

// header reads `[section]`, `[section "subsection"]` or the old
// `[section.subsection]`.
func (p *parser) header() (name, bool) {
	p.i++ // '['
	p.space()
	sec := p.word()
	if sec == "" {
		return name{}, false
	}
	n := name{section: strings.ToLower(sec)}
	if dot := strings.IndexByte(sec, '.'); dot >= 0 {
		n = name{section: strings.ToLower(sec[:dot]), sub: strings.ToLower(sec[dot+1:])}
	}
	p.space()
	if p.peek() == '"' {
		p.i++
		var sub strings.Builder
		for {
			if p.eof() || p.s[p.i] == '\n' {
				return name{}, false
			}
			c := p.s[p.i]
			p.i++
			if c == '"' {
				break
			}
			if c == '\\' && !p.eof() {
				c = p.s[p.i]
				p.i++
			}
			sub.WriteByte(c)
		}
		n.sub = sub.String()
		p.space()
	}
	if p.peek() != ']' {
		return name{}, false
	}
	p.i++
	return n, true
}

// value reads a value after "=": quotes, escapes, comments and line
// continuations as git reads them; unquoted trailing space is dropped.
func (p *parser) value() string {
	var b strings.Builder
	quoted := false
	pending := 0 // unquoted spaces, kept only if more text follows
	for !p.eof() {
		c := p.s[p.i]
		p.i++
		switch {
		case c == '\n' && !quoted:
			return b.String()
		case c == '\n':
			return b.String() // an unterminated quote: take what there is
		case !quoted && (c == '#' || c == ';'):
			p.skipLine()
			return b.String()
		case c == '"':
			quoted = !quoted
			flushSpace(&b, &pending)
			continue
		case c == '\\':
			if p.eof() {
				return b.String()
			}
			e := p.s[p.i]
			p.i++
			switch e {
			case '\n':
				continue // continuation
			case 'n':
				e = '\n'
			case 't':
				e = '\t'
			case 'b':
				if s := b.String(); len(s) > 0 {
					b.Reset()
					b.WriteString(s[:len(s)-1])
				}
				continue
			case '\\', '"':
			default:
				return b.String() // git rejects other escapes
			}
			flushSpace(&b, &pending)
			b.WriteByte(e)
			continue
		case !quoted && (c == ' ' || c == '\t' || c == '\r'):
			if b.Len() > 0 {
				pending++
			}
			continue
		}
		flushSpace(&b, &pending)
		b.WriteByte(c)
	}
	return b.String()
}

func flushSpace(b *strings.Builder, pending *int) {
	for ; *pending > 0; *pending-- {
		b.WriteByte(' ')
	}
}

// findGitDir returns the repository's git directory for dir: GIT_DIR, else
// the first .git (directory, or file naming one) walking up.
func findGitDir(getenv func(string) string, dir string) string {
	if d := getenv("GIT_DIR"); d != "" {
		if !filepath.IsAbs(d) {
			d = filepath.Join(dir, d)
		}
		return d
	}
	ceiling := map[string]bool{}
	for _, c := range filepath.SplitList(getenv("GIT_CEILING_DIRECTORIES")) {
		if c != "" {
			ceiling[filepath.Clean(c)] = true
		}
	}
	for d := filepath.Clean(dir); d != ""; {
		p := filepath.Join(d, ".git")
		if fi, err := os.Stat(p); err == nil {
			if fi.IsDir() {
				return p
			}
			if b, err := os.ReadFile(p); err == nil {
				if rest, ok := strings.CutPrefix(strings.TrimSpace(string(b)), "gitdir:"); ok {
					g := strings.TrimSpace(rest)
					if !filepath.IsAbs(g) {
						g = filepath.Join(d, g)
					}
					return g
				}
			}
		}
		parent := filepath.Dir(d)
		if parent == d || ceiling[parent] {
			return ""
		}
		d = parent
	}
	return ""
}

// commonDir is where a worktree's shared config lives: the directory its
// commondir file names, else the git directory itself.
func commonDir(gitDir string) string {
	b, err := os.ReadFile(filepath.Join(gitDir, "commondir"))
	if err != nil {
		return gitDir
	}
	c := strings.TrimSpace(string(b))
	if !filepath.IsAbs(c) {
		c = filepath.Join(gitDir, c)
	}
	return c
}
