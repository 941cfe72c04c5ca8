package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// On a terminal, review shows its Markdown through $PAGER, sanitised;
// piped or with -o, the raw Markdown as before.
func TestReviewThroughPagerOnTerminal(t *testing.T) {
	c := newCLI(t)
	c.must("open", "checkout returns 500s \x1b]0;title\x07", "--sev", "2")
	raw := c.must("review")
	if !strings.Contains(raw, "\n# ") || !strings.Contains(raw, "**SEV2**") || !strings.Contains(raw, "|---|") {
		t.Fatalf("piped review is not raw Markdown:\n%s", raw)
	}

	dir := t.TempDir()
	seen := filepath.Join(dir, "paged")
	c.tty = true
	c.env["PAGER"] = "tee " + seen
	out := c.must("review")
	paged, err := os.ReadFile(seen)
	if err != nil {
		t.Fatalf("the pager did not run: %v", err)
	}
	if string(paged) != out {
		t.Errorf("stdout is not what the pager printed")
	}
	if !strings.Contains(out, "Peak severity: **SEV2**") || strings.ContainsAny(out, "\x1b\x07") {
		t.Errorf("review on a terminal lost its text, or kept a control sequence:\n%q", out)
	}

	// -o writes the raw file even on a terminal, and pages nothing.
	os.Remove(seen)
	file := filepath.Join(dir, "review.md")
	c.must("review", "-o", file)
	if b, _ := os.ReadFile(file); string(b) != raw {
		t.Errorf("-o on a terminal did not write the raw Markdown")
	}
	if _, err := os.Stat(seen); err == nil {
		t.Error("-o ran the pager")
	}
	// Other formats are not paged.
	if out := c.must("review", "--format", "json"); !strings.HasPrefix(out, "{") {
		t.Errorf("json on a terminal: %q", out[:min(40, len(out))])
	}
	c.env["PAGER"] = "exit 3"
	if _, errs, code := c.run("review"); code != 1 || !strings.Contains(errs, "pager") {
		t.Errorf("a failing pager: exit %d %q", code, errs)
	}
}
