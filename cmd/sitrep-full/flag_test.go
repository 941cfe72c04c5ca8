package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestFlagKeyHideClear(t *testing.T) {
	c := newCLI(t)
	c.must("open", "Checkout returns 500s", "--sev", "2")
	c.must("note", "p99 is fine, errors are all from pool exhaustion")
	c.must("note", "oops wrong channel")
	var ids []string
	for _, line := range strings.Split(strings.TrimSpace(c.must("timeline", "--json")), "\n") {
		var e struct{ ID, Kind, Text string }
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatal(err)
		}
		if e.Kind == "note" {
			ids = append(ids, e.ID)
		}
	}
	if len(ids) != 2 {
		t.Fatalf("notes: %v", ids)
	}
	show := func() (key, hidden []string) {
		var inc struct {
			Key    []string `json:"key_events"`
			Hidden []string `json:"hidden_events"`
		}
		if err := json.Unmarshal([]byte(c.must("show", "--json")), &inc); err != nil {
			t.Fatal(err)
		}
		return inc.Key, inc.Hidden
	}
	c.must("flag", ids[0])
	c.must("flag", ids[1][len(ids[1])-6:], "--hide")
	if key, hidden := show(); len(key) != 1 || key[0] != ids[0] || len(hidden) != 1 || hidden[0] != ids[1] {
		t.Errorf("after flag: key %v hidden %v", key, hidden)
	}
	if out := c.must("review"); strings.Contains(out, "wrong channel") {
		t.Errorf("hidden note in the draft:\n%s", out)
	}
	c.must("flag", ids[1], "--clear")
	c.must("flag", ids[0], "--clear")
	if key, hidden := show(); len(key) != 0 || len(hidden) != 0 {
		t.Errorf("after --clear: key %v hidden %v", key, hidden)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"flag", "nonesuch"}, 1, "timeline --json"},
		{[]string{"flag", ids[0], "--key", "--hide"}, 2, "give one of them"},
	} {
		if _, errs, code := c.run(tc.args...); code != tc.code || !strings.Contains(errs, tc.want) || strings.Count(errs, "\n") != 1 {
			t.Errorf("%v: exit %d, %q; want %d mentioning %q", tc.args, code, errs, tc.code, tc.want)
		}
	}
}
