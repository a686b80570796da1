package models

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"time"

	"gorm.io/gorm"
)

// VerifyPolicy is how many verifications one client address may ask for in
// one window. A verification is a lookup by a secret (the file's hash), so
// it is counted like a log-in.
var VerifyPolicy = struct {
	Limit  int
	Window time.Duration
}{Limit: 30, Window: time.Hour}

// VerifyVia says how the fingerprint reached the portal.
type VerifyVia string

// The ways to verify.
const (
	VerifyByFile VerifyVia = "file" // the file was uploaded and hashed on the fly
	VerifyByHash VerifyVia = "hash" // its SHA-256 was pasted
)

// Valid reports whether v is a known way.
func (v VerifyVia) Valid() bool { return v == VerifyByFile || v == VerifyByHash }

// VerifyRequest is one verification: who asks (ActorID nil for anonymous
// visitors), from which address, and how.
type VerifyRequest struct {
	ActorID *int64
	Address string
	Via     VerifyVia
}

// Verdict is the answer to a verification. It says only what the holder of
// the file already knows: never the room, a name or a message.
type Verdict struct {
	Match          bool
	ExportedAt     time.Time
	TimeZone       string
	Format         string
	Size           int64
	MessageCount   int64
	FirstMessageAt *time.Time
	LastMessageAt  *time.Time
}

// Location is the time zone the exporter saw the export in.
func (v *Verdict) Location() *time.Location { return zoneOrUTC(v.TimeZone) }

// VerifyExport counts the request against its address, then calls sum for
// the SHA-256 to check (the handler hashes the upload there, or parses the
// pasted fingerprint), looks it up among recorded exports and writes the
// verification to the audit log (the hash's first 8 digits, the result and
// how), in one transaction with the lookup.
// Errors: Throttled when the address has asked too often (sum is not
// called), and any error sum returns (Invalid for bad input).
func VerifyExport(ctx context.Context, db *gorm.DB, req VerifyRequest, sum func() ([]byte, error)) (*Verdict, error) {
	if !req.Via.Valid() {
		return nil, Coded(Invalid, "verify.choose")
	}
	if err := countVerification(ctx, db, req.Address); err != nil {
		return nil, err
	}
	hash, err := sum()
	if err != nil {
		return nil, err
	}
	var v Verdict
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var found []ChatExport
		if err := tx.Where("sha256 = ?", hash).Order("id").Limit(1).Find(&found).Error; err != nil {
			return err
		}
		ev := AuditEvent{ActorID: req.ActorID, Action: "export.verify", SubjectType: "chat_export"}
		result := "no_match"
		if len(found) == 1 {
			e := found[0]
			result = "match"
			ev.SubjectID = &e.ID
			v = Verdict{Match: true, ExportedAt: e.CreatedAt, TimeZone: e.TimeZone, Format: e.Format, Size: e.Size,
				MessageCount: e.MessageCount, FirstMessageAt: e.FirstMessageAt, LastMessageAt: e.LastMessageAt}
		}
		raw, err := json.Marshal(map[string]string{"sha256_prefix": hex.EncodeToString(hash)[:8], "result": result, "via": string(req.Via)})
		if err != nil {
			return err
		}
		ev.Detail = raw
		return tx.Create(&ev).Error
	})
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// countVerification counts one verification for address in one statement
// (so that concurrent requests cannot slip past the limit) and refuses it
// over the limit. Errors: Throttled.
func countVerification(ctx context.Context, db *gorm.DB, address string) error {
	var row struct {
		Count       int
		WindowStart time.Time
		Now         time.Time
	}
	window := VerifyPolicy.Window.Seconds()
	err := db.WithContext(ctx).Raw(`
		INSERT INTO verify_throttles AS t (key, count, window_start) VALUES (?, 1, now())
		ON CONFLICT (key) DO UPDATE SET
			count = CASE WHEN t.window_start < now() - make_interval(secs => ?) THEN 1 ELSE t.count + 1 END,
			window_start = CASE WHEN t.window_start < now() - make_interval(secs => ?) THEN now() ELSE t.window_start END
		RETURNING count, window_start, now() AS now`, "ip:"+address, window, window).Scan(&row).Error
	if err != nil {
		return err
	}
	if row.Count <= VerifyPolicy.Limit {
		return nil
	}
	wait := row.WindowStart.Add(VerifyPolicy.Window).Sub(row.Now)
	key, n := waitKey("verify.throttled", wait)
	return Coded(Throttled, key, n)
}
