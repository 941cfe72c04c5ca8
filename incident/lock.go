package incident

import (
	"os"
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

// lockFile waits up to timeout for the lock: exclusive for writers, shared
// for readers. It returns ErrLocked on timeout.
func lockFile(path string, exclusive bool, timeout time.Duration) (*fileLock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, err
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
	select {
	case err := <-got:
		if err != nil {
			f.Close()
			return nil, err
		}
		return &fileLock{f}, nil
	case <-timer.C:
		close(abandon)
		// The goroutine may have sent already; take the lock if so.
		select {
		case err := <-got:
			if err == nil {
				return &fileLock{f}, nil
			}
			f.Close()
		default:
		}
		return nil, ErrLocked
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
	// Closing the descriptor releases the flock.
	return l.f.Close()
}
