package models

import (
	"context"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
)

// LoginPolicy says how failed log-ins slow down and then lock one key (an
// account name or a client address). Up to Free failures cost nothing; each
// failure after that makes the next attempt wait twice as long (1 s, 2 s,
// 4 s, ...); at Lock failures the key is refused for LockFor. Failures older
// than Window are forgotten.
type LoginPolicy struct {
	Free, Lock int
	LockFor    time.Duration
	Window     time.Duration
}

// The policies for account names and for client addresses. An address gets
// more room: several people may share one.
var (
	NameLoginPolicy    = LoginPolicy{Free: 5, Lock: 10, LockFor: 15 * time.Minute, Window: 15 * time.Minute}
	AddressLoginPolicy = LoginPolicy{Free: 20, Lock: 50, LockFor: 15 * time.Minute, Window: 15 * time.Minute}
)

// wait returns how long a key with failures, the last at last, must wait at now.
func (p LoginPolicy) wait(failures int, last, now time.Time) time.Duration {
	if now.Sub(last) > p.Window && now.Sub(last) > p.LockFor {
		return 0
	}
	var until time.Time
	switch {
	case failures >= p.Lock:
		until = last.Add(p.LockFor)
	case failures > p.Free:
		until = last.Add(time.Second * time.Duration(math.Pow(2, float64(failures-p.Free-1))))
	default:
		return 0
	}
	return until.Sub(now)
}

// LoginThrottle is the stored count of recent failed log-ins for one key.
type LoginThrottle struct {
	Key           string `gorm:"primaryKey"`
	Failures      int
	LastFailureAt time.Time
}

type loginKey struct {
	key    string
	policy LoginPolicy
}

func loginKeys(name, ip string) []loginKey {
	return []loginKey{
		{"user:" + name, NameLoginPolicy},
		{"ip:" + ip, AddressLoginPolicy},
	}
}

// countLoginAttempt judges whether a log-in may be tried now and, when it
// may, counts it as a failure in advance, all under a per-key lock: so a
// burst of concurrent attempts is judged one after the other, and at most
// the free ones reach the password check. A log-in that then succeeds
// takes its count back (loginSucceeded). Errors: Throttled.
func countLoginAttempt(ctx context.Context, db *gorm.DB, keys []loginKey) error {
	keys = slices.Clone(keys)
	slices.SortFunc(keys, func(a, b loginKey) int { return strings.Compare(a.key, b.key) })
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = k.key
	}
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for _, k := range names {
			if err := tx.Exec("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", "login:"+k).Error; err != nil {
				return err
			}
		}
		var rows []LoginThrottle
		if err := tx.Raw("SELECT key, failures, last_failure_at FROM login_throttles WHERE key IN ?", names).
			Scan(&rows).Error; err != nil {
			return err
		}
		var now time.Time
		if err := tx.Raw("SELECT now()").Scan(&now).Error; err != nil {
			return err
		}
		var longest time.Duration
		for _, r := range rows {
			for _, k := range keys {
				if k.key == r.Key {
					longest = max(longest, k.policy.wait(r.Failures, r.LastFailureAt, now))
				}
			}
		}
		if longest > 0 {
			key, n := waitKey("login.throttled", longest)
			return Coded(Throttled, key, n)
		}
		for _, k := range keys {
			err := tx.Exec(`
			INSERT INTO login_throttles AS t (key, failures, last_failure_at) VALUES (?, 1, now())
			ON CONFLICT (key) DO UPDATE SET
				failures = CASE WHEN t.last_failure_at < now() - make_interval(secs => ?) THEN 1 ELSE t.failures + 1 END,
				last_failure_at = now()`,
				k.key, max(k.policy.Window, k.policy.LockFor).Seconds()).Error
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// waitKey is key's variant for a wait of d, with its count: key+"_seconds"
// or key+"_minutes", key+"_second" or key+"_minute" for one, the count
// rounded up. Each variant is a sentence of its own in the message files, so
// that the wait reads in the page's language.
func waitKey(key string, d time.Duration) (string, string) {
	unit, n := "minute", int(math.Ceil(d.Minutes()))
	if d < time.Minute {
		unit, n = "second", int(math.Ceil(d.Seconds()))
	}
	if n != 1 {
		unit += "s"
	}
	return key + "_" + unit, strconv.Itoa(n)
}

// loginSucceeded takes back the failure counted in advance: the account
// name's failures are forgotten, the address's count goes down by one.
func loginSucceeded(ctx context.Context, db *gorm.DB, name, address loginKey) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec("DELETE FROM login_throttles WHERE key = ?", name.key).Error; err != nil {
			return err
		}
		return tx.Exec("UPDATE login_throttles SET failures = greatest(failures - 1, 0) WHERE key = ?", address.key).Error
	})
}
