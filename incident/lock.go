package incident

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// fileLock is an flock(2) on the lock file beside the store. bbolt takes
// its own flock too, but polls for it every 50 ms; waiting here in a
// blocking flock hands the lock over the moment it is free, which keeps
// `sitrep note` fast while a follower and a sync share the file. Every
// sitrep process takes this lock before bbolt's, so bbolt's is never
// contended.
type fileLock struct{ f *os.File }

// lock takes the store's lock: exclusive for writers, shared for readers.
func (s *Store) lock(ctx context.Context, exclusive bool) (*fileLock, error) {
	return lockFile(ctx, s.lockPath(), exclusive, s.lockTimeout)
}

// lockFile waits up to timeout for the lock, or until ctx is done (Ctrl-C).
// It returns ErrLocked on timeout. The lock file is never followed if it
// is a symbolic link, and must be a regular file. A reader of a store it
// cannot write (a read-only file system or file) takes the lock read-only,
// or goes without when there is no lock file: nobody can write there.
func lockFile(ctx context.Context, path string, exclusive bool, timeout time.Duration) (*fileLock, error) {
	f, err := openRegular(path, os.O_RDWR|os.O_CREATE, false)
	if err != nil && !exclusive && (errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS)) {
		f, err = openRegular(path, os.O_RDONLY, false)
		if errors.Is(err, fs.ErrNotExist) {
			return &fileLock{}, nil
		}
	}
	if err != nil {
		return nil, fmt.Errorf("the store's lock file: %w", err)
	}
	how := unix.LOCK_SH
	if exclusive {
		how = unix.LOCK_EX
	}
	if err := unix.Flock(int(f.Fd()), how|unix.LOCK_NB); err == nil {
		return &fileLock{f}, nil
	}
	// Wait in a blocking flock on a goroutine, so the wait can time out. If
	// it does, the goroutine still owns the file: it releases the lock as
	// soon as it gets it, then closes.
	got := make(chan error) // unbuffered: a send happens only into a waiting receiver
	abandon := make(chan struct{})
	go func() {
		err := flockRetry(f, how)
		select {
		case got <- err:
		case <-abandon:
			f.Close() // closing releases the lock, if taken
		}
	}()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	giveUp := func(reason error) (*fileLock, error) {
		close(abandon)
		// The goroutine may have sent already; take the lock if so.
		select {
		case err := <-got:
			if err == nil && reason == ErrLocked {
				return &fileLock{f}, nil
			}
			f.Close()
		default:
		}
		return nil, reason
	}
	select {
	case err := <-got:
		if err != nil {
			f.Close()
			return nil, err
		}
		return &fileLock{f}, nil
	case <-timer.C:
		return giveUp(ErrLocked)
	case <-ctx.Done():
		return giveUp(ctx.Err())
	}
}

func flockRetry(f *os.File, how int) error {
	for {
		err := unix.Flock(int(f.Fd()), how)
		if err != unix.EINTR {
			return err
		}
	}
}

func (l *fileLock) unlock() error {
	if l.f == nil {
		return nil
	}
	// Closing the descriptor releases the flock. Once: a caller that
	// unlocks early (to publish) still has the deferred unlock.
	f := l.f
	l.f = nil
	return f.Close()
}

// openRegular opens a file sitrep keeps beside the store, or the store
// itself, without ever blocking or following a link it should not: the
// open does not wait (O_NONBLOCK: a FIFO would wait for a writer), and
// anything but a regular file is refused with what it is. follow says
// whether a symbolic link is followed (the store path may be one, a lock
// file or spool entry may not).
func openRegular(path string, flag int, follow bool) (*os.File, error) {
	return openRegularMode(path, flag, 0o600, follow)
}

func openRegularMode(path string, flag int, perm os.FileMode, follow bool) (*os.File, error) {
	flag |= unix.O_NONBLOCK | unix.O_CLOEXEC
	if !follow {
		flag |= unix.O_NOFOLLOW
	}
	f, err := os.OpenFile(path, flag, perm)
	if err != nil {
		if !follow && errors.Is(err, syscall.ELOOP) {
			return nil, fmt.Errorf("%s is a symbolic link, which sitrep does not follow there; remove it", path)
		}
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("%s is %s, not a regular file; remove it or point sitrep elsewhere", path, fileKind(st.Mode()))
	}
	// Back to blocking I/O, which a regular file does anyway.
	if err := unix.SetNonblock(int(f.Fd()), false); err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// fileKind names what a non-regular file is.
func fileKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m.IsDir():
		return "a directory"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m.IsRegular():
		return "a regular file"
	}
	return "not a regular file"
}

// errTooLarge is returned by readSmallFile for a file over its limit.
var errTooLarge = errors.New("file too large")

// readSmallFile reads a regular file (no links followed) of at most limit
// bytes.
func readSmallFile(path string, limit int64) ([]byte, error) {
	f, err := openRegular(path, os.O_RDONLY, false)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s: %w (over %d bytes)", path, errTooLarge, limit)
	}
	return b, nil
}
