package tcapi

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/gofrs/flock"
)

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
// runs share the account's rate limit, so they must share its pacing, and
// what one learns about others sharing it. The state is read and written
// under an exclusive lock held for microseconds; gofrs/flock gives the same
// lock on Linux, macOS and Windows.
type fileStore struct {
	path string
	lock *flock.Flock
	// mu keeps this process's goroutines from taking the file lock twice:
	// a Flock already locked by the process does not block.
	mu sync.Mutex
}

// staleAfter is how long a pacing file may sit unused before a client
// removes it: its state is meaningless by then.
const staleAfter = 24 * time.Hour

// newFileStore returns the store for action, endpoint and secret ID in dir.
// The name is a hash: the temporary directory is no place to list which
// keys call which endpoints.
func newFileStore(dir, action, endpoint, secretID string) (*fileStore, error) {
	if err := ensurePrivateDir(dir); err != nil {
		return nil, err
	}
	sum := sha256.Sum256([]byte(action + "\n" + endpoint + "\n" + secretID))
	base := filepath.Join(dir, hex.EncodeToString(sum[:12]))
	return &fileStore{path: base + ".pace", lock: flock.New(base + ".lock")}, nil
}

func (f *fileStore) update(change func(*slotState)) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.lock.Lock(); err != nil {
		return err
	}
	defer f.lock.Unlock() //nolint:errcheck // closing the file releases the lock anyway

	file, err := os.OpenFile(f.path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	defer file.Close()
	var state slotState
	data, err := io.ReadAll(io.LimitReader(file, 4096))
	if err != nil {
		return err
	}
	// A new, torn or foreign file holds nothing worth keeping.
	_ = json.Unmarshal(data, &state)
	change(&state)
	out, err := json.Marshal(&state)
	if err != nil {
		return err
	}
	if err := file.Truncate(0); err != nil {
		return err
	}
	_, err = file.WriteAt(out, 0)
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
	if !info.IsDir() || !privateToMe(info) {
		return fmt.Errorf("%s is not a directory only this user can write", dir)
	}
	return nil
}

// removeStalePacing removes the pacing files of dir nobody has used for a
// day: one per action, endpoint and key ever used would pile up otherwise.
func removeStalePacing(dir string, now time.Time) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name, ok := strings.CutSuffix(e.Name(), ".pace")
		if !ok {
			continue
		}
		info, err := e.Info()
		if err != nil || now.Sub(info.ModTime()) < staleAfter {
			continue
		}
		for _, p := range []string{name + ".pace", name + ".lock"} {
			if err := os.Remove(filepath.Join(dir, p)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				break
			}
		}
	}
}
