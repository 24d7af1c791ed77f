package pacing

import (
	"context"
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

// FileStore paces across every provider process of this user on this
// machine: parallel terraform runs share the account's rate limit, so they
// must share its pace. Each key's grid is a small file read and written
// under an exclusive lock held for microseconds; gofrs/flock gives the same
// lock on Linux, macOS and Windows. File names are hashes of the keys: the
// temporary directory is no place to list which keys call which endpoints.
type FileStore struct {
	dir   string
	clock Clock
	// mu keeps this process's goroutines from taking a file lock twice: a
	// Flock already locked by the process does not block.
	mu sync.Mutex
}

// staleAfter is how long a pacing file may sit unused before it is removed:
// its state is meaningless by then.
const staleAfter = 24 * time.Hour

// NewFileStore opens the store in dir, created for this user only, and
// removes the files nobody has used for a day. It refuses a directory that
// another user could write: a planted file could stall every plan.
func NewFileStore(dir string, clock Clock) (*FileStore, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil { //nolint:gosec // the provider's own directory, under the user's temporary directory
		return nil, err
	}
	info, err := os.Lstat(dir) //nolint:gosec // as above
	if err != nil {
		return nil, err
	}
	if !info.IsDir() || !privateToMe(info) {
		return nil, fmt.Errorf("%s is not a directory only this user can write", dir)
	}
	removeStale(dir, clock.Now())
	return &FileStore{dir: dir, clock: clock}, nil
}

// Take implements Store.
func (f *FileStore) Take(_ context.Context, key string, interval, slack time.Duration) (slot Slot, err error) {
	err = f.update(key, func(g *grid) { slot = g.take(f.clock.Now(), interval, slack) })
	return slot, err
}

// Push implements Store.
func (f *FileStore) Push(_ context.Context, key string, at time.Time) error {
	return f.update(key, func(g *grid) { g.push(at) })
}

func (f *FileStore) update(key string, change func(*grid)) error {
	sum := sha256.Sum256([]byte(key))
	base := filepath.Join(f.dir, hex.EncodeToString(sum[:12]))
	f.mu.Lock()
	defer f.mu.Unlock()
	lock := flock.New(base + ".lock")
	if err := lock.Lock(); err != nil {
		return err
	}
	defer lock.Unlock() //nolint:errcheck // closing the file releases the lock anyway

	file, err := os.OpenFile(base+".pace", os.O_RDWR|os.O_CREATE, 0o600) //nolint:gosec // a hash named file in the store's own directory
	if err != nil {
		return err
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, 4096))
	if err != nil {
		return err
	}
	var g grid
	_ = json.Unmarshal(data, &g) // a new, torn or foreign file holds nothing worth keeping
	change(&g)
	out, err := json.Marshal(&g)
	if err != nil {
		return err
	}
	if err := file.Truncate(0); err != nil {
		return err
	}
	_, err = file.WriteAt(out, 0)
	return err
}

// removeStale removes the pacing files of dir nobody has used for a day:
// one per action, endpoint and key ever used would pile up otherwise.
func removeStale(dir string, now time.Time) {
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
			if err := os.Remove(filepath.Join(dir, p)); err != nil && !errors.Is(err, fs.ErrNotExist) { //nolint:gosec // a file listed in the store's own directory
				break
			}
		}
	}
}
