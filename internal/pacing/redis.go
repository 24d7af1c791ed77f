package pacing

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"
)

// CoordinatorTimeout bounds every exchange with the coordinator, the
// connection included: a coordinator slower than this is as good as gone,
// and the calls go on paced by this machine alone.
const CoordinatorTimeout = 2 * time.Second

// minKeyTTL is the least a grid lives in the coordinator untouched.
const minKeyTTL = time.Minute

// go-redis writes what it notices (a failed dial, say) to the process's
// stderr; a provider's goes to the log of the run that carries ctx. None of
// it holds the password.
func init() { redis.SetLogger(redisLogger{}) }

type redisLogger struct{}

func (redisLogger) Printf(ctx context.Context, format string, v ...any) {
	tflog.Debug(ctx, "coordinator: "+fmt.Sprintf(format, v...))
}

// RedisConfig is how to reach a coordinator.
type RedisConfig struct {
	// URL is redis://[user:password@]host[:port][/db], or rediss:// for
	// TLS; see ParseCoordinatorURL.
	URL string
	// CAFile, with rediss://, is a PEM file of CA certificates trusted
	// besides the system's roots.
	CAFile string
	// KeyPrefix starts every key; DefaultKeyPrefix when empty.
	KeyPrefix string
}

// RedisStore paces across every machine pointed at one Redis or Valkey,
// the coordinator. Each key's grid is one Redis key,
// <prefix>:pace:<hex SHA-256 of the key>: the key handed to the store names
// the action, the endpoint and the identity of the credentials, and none
// of that may be read in the coordinator.
type RedisStore struct {
	client *redis.Client
	prefix string
	shown  string
}

var _ Store = (*RedisStore)(nil)

// paceScript is a pace's grid, kept by the coordinator. It is one script
// because reading the grid, deciding and writing it must be one atomic
// step: two machines taking the same slot at once would otherwise both see
// it free. Redis runs a script alone, so no lock and no transaction is
// needed, and a caller that dies between two calls holds nothing.
//
// Time comes from the coordinator's TIME, never from the machines: they
// need not agree with one another or with it. Times are microseconds since
// the epoch, under 2^51 until 2041, which a Lua number (a double) holds
// exactly below 2^53, and which the script writes with %.0f (Lua's own
// tostring would round them to 14 digits). A slot is the grid's last time
// and nothing else, as in MemStore, so a slot taken by a process that then
// dies costs the others at most one interval. A grid expires by itself
// four intervals, and at least a minute, after it was taken: nobody waits
// on it by then. A push keeps that expiry (its time is moments after the
// take), or gives a grid the coordinator lost a minute. GET goes through
// pcall so that whatever else sits in the key (another
// type, text that is not a number) counts as no grid, as a foreign file
// does in FileStore.
//
// Modes: "take" KEYS[1] interval slack ttl -> {wait, at, now} (µs; wait 0
// when the slot is taken); "push" KEYS[1] at ttl -> now; "check" KEYS[1]
// -> now, or a NOPERM error when the user may not run what take and push
// run.
var paceScript = redis.NewScript(`
local mode, key = ARGV[1], KEYS[1]
if mode == 'check' and redis.acl_check_cmd then
  if not (redis.acl_check_cmd('time') and redis.acl_check_cmd('get', key)
      and redis.acl_check_cmd('set', key, '0', 'PX', '1')) then
    return redis.error_reply('NOPERM this user may not run TIME, GET and SET on ' .. key)
  end
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
if mode == 'check' then
  return now
end
local last = redis.pcall('GET', key)
last = type(last) == 'string' and tonumber(last) or nil
if mode == 'push' then
  local at = tonumber(ARGV[2])
  if last == nil then
    redis.call('SET', key, string.format('%.0f', at), 'PX', ARGV[3])
  elseif at > last then
    redis.call('SET', key, string.format('%.0f', at), 'KEEPTTL')
  end
  return now
end
local interval, slack = tonumber(ARGV[2]), tonumber(ARGV[3])
if last ~= nil and last > now then
  last = now - interval
end
if last ~= nil and now < last + interval then
  return {last + interval - now, 0, now}
end
local at = now - slack
if last ~= nil and at < last + interval then
  at = last + interval
end
redis.call('SET', key, string.format('%.0f', at), 'PX', ARGV[4])
return {0, at, now}
`)

// NewRedisStore connects to the coordinator and checks at once that it
// answers and lets this user run the pace (PING, then the script's check),
// within CoordinatorTimeout. Its errors are *CoordinatorError: Permanent
// for a bad configuration, refused credentials or rights and a TLS
// failure, not for a coordinator that cannot be reached.
func NewRedisStore(ctx context.Context, cfg RedisConfig) (*RedisStore, error) {
	u, err := ParseCoordinatorURL(cfg.URL)
	if err != nil {
		return nil, err
	}
	prefix := cfg.KeyPrefix
	if prefix == "" {
		prefix = DefaultKeyPrefix
	}
	if err := CheckKeyPrefix(prefix); err != nil {
		return nil, &CoordinatorError{Kind: CoordinatorMisconfigured, Coordinator: u.shown, Err: errors.Unwrap(err)}
	}
	tlsConfig, err := u.tlsConfig(cfg.CAFile)
	if err != nil {
		return nil, &CoordinatorError{Kind: CoordinatorMisconfigured, Coordinator: u.shown, Err: err}
	}
	s := &RedisStore{client: redis.NewClient(u.options(tlsConfig)), prefix: prefix, shown: u.shown}
	ctx, cancel := context.WithTimeout(ctx, CoordinatorTimeout)
	defer cancel()
	err = s.client.Ping(ctx).Err()
	if err == nil {
		err = paceScript.Run(ctx, s.client, []string{prefix + ":pace:check"}, "check").Err()
	}
	if err != nil {
		_ = s.client.Close()
		return nil, s.fail(err)
	}
	return s, nil
}

// Take implements Store.
func (s *RedisStore) Take(ctx context.Context, key string, interval, slack time.Duration) (Slot, error) {
	slot, _, err := s.take(ctx, key, interval, slack)
	return slot, err
}

// take is Take, with the coordinator's time when it decided.
func (s *RedisStore) take(ctx context.Context, key string, interval, slack time.Duration) (Slot, time.Time, error) {
	ctx, cancel := context.WithTimeout(ctx, CoordinatorTimeout)
	defer cancel()
	// The interval rounds up to a microsecond and the slack down, so that
	// the coordinator never spaces two calls closer than asked.
	ttl := max(minKeyTTL, 4*interval)
	res, err := paceScript.Run(ctx, s.client, []string{s.redisKey(key)}, "take",
		ceilMicros(interval), slack.Microseconds(), ttl.Milliseconds()).Int64Slice()
	if err == nil && len(res) != 3 {
		err = fmt.Errorf("the pace script answered %v", res)
	}
	if err != nil {
		return Slot{}, time.Time{}, s.fail(err)
	}
	now := time.UnixMicro(res[2])
	if res[0] > 0 {
		return Slot{Wait: time.Duration(res[0]) * time.Microsecond}, now, nil
	}
	return Slot{At: time.UnixMicro(res[1]), Now: now}, now, nil
}

// Push implements Store. A grid the coordinator lost since it was taken is
// written again to live minKeyTTL; one still there keeps its expiry.
func (s *RedisStore) Push(ctx context.Context, key string, at time.Time) error {
	ctx, cancel := context.WithTimeout(ctx, CoordinatorTimeout)
	defer cancel()
	micros := at.UnixMicro()
	if at.Nanosecond()%1000 != 0 {
		micros++ // a later grid, never an earlier one
	}
	err := paceScript.Run(ctx, s.client, []string{s.redisKey(key)}, "push", micros, minKeyTTL.Milliseconds()).Err()
	if err != nil {
		return s.fail(err)
	}
	return nil
}

// redisKey is the coordinator's key for a pace's key.
func (s *RedisStore) redisKey(key string) string {
	sum := sha256.Sum256([]byte(key))
	return s.prefix + ":pace:" + hex.EncodeToString(sum[:])
}

// Close closes the connections to the coordinator.
func (s *RedisStore) Close() error { return s.client.Close() }

func (s *RedisStore) fail(err error) error {
	return &CoordinatorError{Kind: classify(err), Coordinator: s.shown, Err: err}
}

func ceilMicros(d time.Duration) int64 {
	return int64((d + time.Microsecond - 1) / time.Microsecond)
}

// options are the client's: every wait bounded by CoordinatorTimeout, no
// retry (a failure is a fallback to this machine's pacing, and a retried
// take could take two slots), a small pool (a process has one caller per
// action waiting at a time), and nothing sent on connecting that an ACL
// user limited to the pace would be refused.
func (u *CoordinatorURL) options(tlsConfig *tls.Config) *redis.Options {
	addr := net.JoinHostPort(u.Host, strconv.Itoa(u.Port))
	dialer := &net.Dialer{Timeout: CoordinatorTimeout}
	return &redis.Options{
		Addr:     addr,
		Username: u.Username,
		Password: u.password,
		DB:       u.DB,
		Protocol: 2,
		Dialer: func(ctx context.Context, network, addr string) (net.Conn, error) {
			if tlsConfig == nil {
				return dialer.DialContext(ctx, network, addr)
			}
			return (&tls.Dialer{NetDialer: dialer, Config: tlsConfig}).DialContext(ctx, network, addr)
		},
		DialTimeout:              CoordinatorTimeout,
		DialerRetries:            1,
		ReadTimeout:              CoordinatorTimeout,
		WriteTimeout:             CoordinatorTimeout,
		ContextTimeoutEnabled:    true,
		MaxRetries:               -1,
		PoolSize:                 4,
		MaxActiveConns:           4,
		PoolTimeout:              CoordinatorTimeout,
		PipelinePoolSize:         -1,
		DisableIdentity:          true,
		MaintNotificationsConfig: &maintnotifications.Config{Mode: maintnotifications.ModeDisabled},
	}
}

// tlsConfig trusts the system's roots and those of caFile, for rediss://.
func (u *CoordinatorURL) tlsConfig(caFile string) (*tls.Config, error) {
	if !u.TLS {
		if caFile != "" {
			return nil, fmt.Errorf("a CA file is given for a redis:// URL; TLS is rediss://")
		}
		return nil, nil
	}
	roots, err := x509.SystemCertPool()
	if err != nil {
		roots = x509.NewCertPool()
	}
	if caFile != "" {
		pem, err := os.ReadFile(caFile) //nolint:gosec // the file the configuration names
		if err != nil {
			return nil, fmt.Errorf("the CA file cannot be read: %w", err)
		}
		if !roots.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("the CA file %s holds no PEM certificate", caFile)
		}
	}
	return &tls.Config{RootCAs: roots, ServerName: u.Host, MinVersion: tls.VersionTLS12}, nil
}
