package tcapi

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// slotState is what pacing keeps per action: the next free send time, for
// callers to queue on, and when the last call actually left, so a caller
// that woke up late pushes the next one back instead of crowding it.
type slotState struct {
	next time.Time
	last time.Time
}

// slotStore holds one action's slotState; update runs change under a lock.
type slotStore interface {
	update(change func(*slotState)) error
}

// memStore paces within this process.
type memStore struct {
	mu    sync.Mutex
	state slotState
}

func (m *memStore) update(change func(*slotState)) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	change(&m.state)
	return nil
}

// fileStore paces across every provider process of this user on this
// machine that calls the same endpoint with the same key: parallel terraform
// runs share the account's rate limit, so they must share its pacing. The
// state is read and written under an exclusive lock held for microseconds.
type fileStore struct {
	path string
}

// newFileStore returns the store for action, endpoint and secret ID in dir.
// The name is a hash: the temporary directory is no place to list which
// keys call which endpoints.
func newFileStore(dir, action, endpoint, secretID string) (*fileStore, error) {
	if err := ensurePrivateDir(dir); err != nil {
		return nil, err
	}
	sum := sha256.Sum256([]byte(action + "\n" + endpoint + "\n" + secretID))
	return &fileStore{path: filepath.Join(dir, hex.EncodeToString(sum[:12])+".slot")}, nil
}

func (f *fileStore) update(change func(*slotState)) error {
	file, err := os.OpenFile(f.path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	defer file.Close()
	if err := lockFile(file); err != nil {
		return err
	}
	defer unlockFile(file) //nolint:errcheck // closing the file releases the lock anyway

	var buf [16]byte
	var state slotState
	switch _, err := io.ReadFull(file, buf[:]); {
	case err == nil:
		state.next = time.Unix(0, int64(binary.BigEndian.Uint64(buf[:8]))) //nolint:gosec // Unix nanoseconds
		state.last = time.Unix(0, int64(binary.BigEndian.Uint64(buf[8:]))) //nolint:gosec // Unix nanoseconds
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		// A new or torn file: nothing is queued.
	default:
		return err
	}
	change(&state)
	binary.BigEndian.PutUint64(buf[:8], uint64(state.next.UnixNano())) //nolint:gosec // Unix nanoseconds
	binary.BigEndian.PutUint64(buf[8:], uint64(state.last.UnixNano())) //nolint:gosec // Unix nanoseconds
	_, err = file.WriteAt(buf[:], 0)
	return err
}

// ensurePrivateDir creates dir for this user only, and refuses one that
// another user could write: a planted file could stall every plan.
func ensurePrivateDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	info, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	if !info.IsDir() || info.Mode().Perm()&0o022 != 0 || !ownedByMe(info) {
		return fmt.Errorf("%s is not a directory only this user can write", dir)
	}
	return nil
}

// DefaultPaceDir is where provider processes of this user meet to share
// pacing.
func DefaultPaceDir() string {
	return filepath.Join(os.TempDir(), fmt.Sprintf("terraform-provider-tcintl-%d", os.Getuid()))
}
