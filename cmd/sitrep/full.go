package main

import (
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"syscall"
)

// fullName is the program with every command.
const fullName = "sitrep-full"

// execFull runs sitrep-full with args (args[0] is this program's name) in
// this process's place. It returns only when it could not.
func execFull(args []string) error {
	path, err := findFull()
	if err != nil {
		return err
	}
	if self, err := os.Stat("/proc/self/exe"); err == nil {
		if full, err := os.Stat(path); err == nil && os.SameFile(self, full) {
			return fmt.Errorf("%s is this program, not sitrep-full; reinstall both: go install github.com/sitrep-dev/sitrep/cmd/...@latest", path)
		}
	}
	err = syscall.Exec(path, args, os.Environ())
	return fmt.Errorf("running %s: %v; reinstall sitrep: go install github.com/sitrep-dev/sitrep/cmd/...@latest", path, err)
}

// findFull returns sitrep-full's path: beside this program, else on PATH,
// else built from the source checkout this program was built from.
func findFull() (string, error) {
	var dir string
	if exe, err := os.Executable(); err == nil {
		if real, err := filepath.EvalSymlinks(exe); err == nil {
			exe = real
		}
		dir = filepath.Dir(exe)
		if p := filepath.Join(dir, fullName); isExecutable(p) {
			return p, nil
		}
	}
	if p, err := exec.LookPath(fullName); err == nil {
		return p, nil
	}
	if src := sourceDir(); src != "" {
		return buildFull(src)
	}
	return "", fmt.Errorf("%s is not installed beside sitrep (in %s) or on PATH; install both: go install github.com/sitrep-dev/sitrep/cmd/...@latest", fullName, dir)
}

func isExecutable(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular() && st.Mode().Perm()&0o111 != 0
}

// sourceDir is the root of the checkout this program was built from, when
// it was built from one that is still there (`go run ./cmd/sitrep`;
// -trimpath builds know no such directory), and Go is installed.
func sourceDir() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok || !filepath.IsAbs(file) {
		return ""
	}
	root := filepath.Dir(filepath.Dir(filepath.Dir(file))) // root/cmd/sitrep/full.go
	if _, err := os.Stat(filepath.Join(root, "cmd", fullName, "main.go")); err != nil {
		return ""
	}
	if _, err := exec.LookPath("go"); err != nil {
		return ""
	}
	return root
}

// buildFull builds sitrep-full from the checkout at src into the user's
// cache directory (one per checkout) and returns its path. Go's build
// cache makes every build after the first quick.
func buildFull(src string) (string, error) {
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	h := fnv.New64a()
	h.Write([]byte(src))
	out := filepath.Join(cache, "sitrep", fmt.Sprintf("dev-%x", h.Sum64()), fullName)
	if _, err := os.Stat(out); err != nil { // the first build takes a while
		fmt.Fprintf(os.Stderr, "sitrep: building %s from %s, once (`go install ./cmd/...` installs it beside sitrep)\n", fullName, src)
	}
	build := exec.Command("go", "build", "-o", out, "./cmd/"+fullName)
	build.Dir = src
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return "", fmt.Errorf("building %s from %s failed (above); fix the build, or install it: go install github.com/sitrep-dev/sitrep/cmd/...@latest", fullName, src)
		}
		return "", fmt.Errorf("building %s: %v; install it: go install github.com/sitrep-dev/sitrep/cmd/...@latest", fullName, err)
	}
	return out, nil
}
