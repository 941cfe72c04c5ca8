package gitconfig

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Each case writes config files into a fresh home and repository and
// checks that Get agrees with `git config --get user.name` run there.
func TestGetAgreesWithGit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Fatal("git is needed to check the reader against it")
	}
	type files map[string]string // path relative to the case's root → content
	cases := []struct {
		name  string
		files files
		env   []string // KEY=VALUE; paths may use $ROOT
		dir   string   // working directory below root; default "repo/sub"
		want  string   // what git says (checked too), "" for unset
	}{
		{name: "global", files: files{"home/.gitconfig": "[user]\n\tname = Ada Lovelace\n"}, want: "Ada Lovelace"},
		{name: "global beats xdg", files: files{
			"home/.config/git/config": "[user]\n\tname = From XDG\n",
			"home/.gitconfig":         "[user]\n\tname = From Home\n",
		}, want: "From Home"},
		{name: "xdg alone", files: files{"xdg/git/config": "[user]\nname=Xdg Only\n"}, env: []string{"XDG_CONFIG_HOME=$ROOT/xdg"}, want: "Xdg Only"},
		{name: "repo beats global", files: files{
			"home/.gitconfig":  "[user]\n\tname = Global\n",
			"repo/.git/config": "[core]\n\tbare = false\n[user]\n\tname = Local Person\n",
		}, want: "Local Person"},
		{name: "last one in a file wins", files: files{"home/.gitconfig": "[user]\n\tname = First\n[core]\n\tx = 1\n[user]\n\tname = Second\n"}, want: "Second"},
		{name: "quotes escapes comments", files: files{"home/.gitconfig": "# comment\n; another\n[user] # trailing\n\tname = \"  Grace \\\"Amazing\\\" Hopper \" ; note\n"}, want: "  Grace \"Amazing\" Hopper "},
		{name: "inline comment and spaces", files: files{"home/.gitconfig": "[user]\n  name =   Linus   Torvalds   # the kernel\n"}, want: "Linus   Torvalds"},
		{name: "continuation", files: files{"home/.gitconfig": "[user]\n\tname = Jean \\\n Dupont\n"}, want: "Jean  Dupont"},
		{name: "case of section and key", files: files{"home/.gitconfig": "[USER]\n\tNaMe = Upper Case\n"}, want: "Upper Case"},
		{name: "subsection is another section", files: files{"home/.gitconfig": "[user]\n\tname = Plain\n[user \"work\"]\n\tname = Work\n"}, want: "Plain"},
		{name: "include path", files: files{
			"home/.gitconfig":    "[user]\n\tname = Before\n[include]\n\tpath = conf/identity\n",
			"home/conf/identity": "[user]\n\tname = Included\n",
		}, want: "Included"},
		{name: "include tilde", files: files{
			"home/.gitconfig": "[include]\n\tpath = ~/.identity\n[user]\n\temail = x@example.com\n",
			"home/.identity":  "[user]\n\tname = Tilde Included\n",
		}, want: "Tilde Included"},
		{name: "GIT_CONFIG_GLOBAL replaces the global files", files: files{
			"home/.gitconfig": "[user]\n\tname = Ignored\n",
			"other.conf":      "[user]\n\tname = Chosen File\n",
		}, env: []string{"GIT_CONFIG_GLOBAL=$ROOT/other.conf"}, want: "Chosen File"},
		{name: "environment beats files", files: files{"repo/.git/config": "[user]\n\tname = Local\n"},
			env: []string{"GIT_CONFIG_COUNT=2", "GIT_CONFIG_KEY_0=user.name", "GIT_CONFIG_VALUE_0=Env Zero", "GIT_CONFIG_KEY_1=core.editor", "GIT_CONFIG_VALUE_1=vi"}, want: "Env Zero"},
		{name: "unset", files: files{"home/.gitconfig": "[user]\n\temail = a@example.com\n"}, want: ""},
		{name: "outside any repository", files: files{"home/.gitconfig": "[user]\n\tname = Nobody Local\n", "repo/.git/config": "[user]\n\tname = Not Here\n"}, dir: "elsewhere", want: "Nobody Local"},
		{name: "worktree reads the common config", files: files{
			"repo/.git/config":                 "[user]\n\tname = Main Repo\n",
			"repo/.git/worktrees/wt/commondir": "../..\n",
			"repo/.git/worktrees/wt/HEAD":      "ref: refs/heads/wt\n",
			"wt/.git":                          "gitdir: ../repo/.git/worktrees/wt\n",
		}, dir: "wt", want: "Main Repo"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			root := t.TempDir()
			for _, d := range []string{"home", "repo/sub", "elsewhere", "repo/.git/refs", "repo/.git/objects"} {
				if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.WriteFile(filepath.Join(root, "repo/.git/HEAD"), []byte("ref: refs/heads/main\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			for p, content := range c.files {
				p = filepath.Join(root, p)
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			env := map[string]string{
				"HOME": filepath.Join(root, "home"), "GIT_CONFIG_NOSYSTEM": "1",
				"GIT_CEILING_DIRECTORIES": root, "PATH": os.Getenv("PATH"),
			}
			for _, kv := range c.env {
				k, v, _ := strings.Cut(kv, "=")
				env[k] = strings.ReplaceAll(v, "$ROOT", root)
			}
			dir := c.dir
			if dir == "" {
				dir = "repo/sub"
			}
			dir = filepath.Join(root, dir)
			if c.name == "worktree reads the common config" {
				// A real worktree, so git itself agrees on the layout.
				os.RemoveAll(filepath.Join(root, "wt"))
				os.RemoveAll(filepath.Join(root, "repo"))
				git(t, root, env, "init", "-q", "-b", "main", "repo")
				git(t, filepath.Join(root, "repo"), env, "-c", "user.name=x", "-c", "user.email=x@x", "commit", "-q", "--allow-empty", "-m", "x")
				git(t, filepath.Join(root, "repo"), env, "worktree", "add", "-q", "../wt")
				git(t, filepath.Join(root, "repo"), env, "config", "user.name", "Main Repo")
			}
			gitSays := git(t, dir, env, "config", "--get", "user.name")
			if gitSays != c.want {
				t.Fatalf("git says %q, the case expects %q: fix the case", gitSays, c.want)
			}
			got, ok := Get(func(k string) string { return env[k] }, dir, "user.name")
			if got != c.want || ok != (c.want != "") {
				t.Fatalf("Get = %q, %v; git says %q", got, ok, c.want)
			}
		})
	}
}

// git runs git with exactly env and returns its output, trimmed of the
// final newline; an exit status of 1 from `config --get` means unset.
func git(t *testing.T, dir string, env map[string]string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	out, err := cmd.Output()
	if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == 1 && args[0] == "config" {
		return ""
	}
	if err != nil {
		t.Fatalf("git %v: %v", args, err)
	}
	return strings.TrimSuffix(string(out), "\n")
}
