package models

import (
	"context"
	"strconv"
	"time"

	"gorm.io/gorm"
)

// LookupPolicy bounds how many look-ups by user name one key (an account or
// a client address) may make in Window.
type LookupPolicy struct {
	Limit  int
	Window time.Duration
}

// The policies for name look-ups: sign-up's "That user name is taken", add
// friend and start chat each look a name up. An address gets more room:
// several people may share one.
var (
	AccountLookupPolicy = LookupPolicy{Limit: 30, Window: 10 * time.Minute}
	AddressLookupPolicy = LookupPolicy{Limit: 60, Window: 10 * time.Minute}
)

// countLookup counts one look-up by name for the account userID (none when
// 0) and the client address ip (none when ""), before the name is looked
// up: one statement per key increments and returns the count, so concurrent
// look-ups cannot slip past the limit. Errors: Throttled.
func countLookup(ctx context.Context, db *gorm.DB, userID int64, ip string) error {
	type key struct {
		key    string
		policy LookupPolicy
	}
	var keys []key
	if userID != 0 {
		keys = append(keys, key{"user:" + strconv.FormatInt(userID, 10), AccountLookupPolicy})
	}
	if ip != "" {
		keys = append(keys, key{"ip:" + ip, AddressLookupPolicy})
	}
	var longest time.Duration
	for _, k := range keys {
		var row struct {
			Lookups int
			Wait    float64
		}
		err := db.WithContext(ctx).Raw(`
			INSERT INTO lookup_throttles AS t (key, window_start, lookups) VALUES (?, now(), 1)
			ON CONFLICT (key) DO UPDATE SET
				lookups = CASE WHEN t.window_start <= now() - make_interval(secs => ?) THEN 1 ELSE t.lookups + 1 END,
				window_start = CASE WHEN t.window_start <= now() - make_interval(secs => ?) THEN now() ELSE t.window_start END
			RETURNING lookups, extract(epoch FROM window_start + make_interval(secs => ?) - now()) AS wait`,
			k.key, k.policy.Window.Seconds(), k.policy.Window.Seconds(), k.policy.Window.Seconds()).Scan(&row).Error
		if err != nil {
			return err
		}
		if row.Lookups > k.policy.Limit {
			longest = max(longest, time.Duration(row.Wait*float64(time.Second)))
		}
	}
	if longest > 0 {
		key, n := waitKey("lookup.throttled", longest)
		return Coded(Throttled, key, n).On("name")
	}
	return nil
}
