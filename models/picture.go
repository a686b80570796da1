package models

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"time"

	"gorm.io/gorm"

	"talksafe/models/blob"
)

// Picture is one uploaded picture, re-encoded: its bytes and thumbnail are
// in the blob store under BlobKey and ThumbKey. PDQ and PDQQuality stay nil
// until the PDQ hasher fills them. SHA256 and MD5 are of the stored bytes.
type Picture struct {
	ID             int64
	OwnerID        *int64
	ContentType    string
	Width          int
	Height         int
	Bytes          int64
	SHA256         []byte `gorm:"column:sha256"`
	MD5            []byte `gorm:"column:md5"`
	PDQ            []byte `gorm:"column:pdq"`
	PDQQuality     *int16 `gorm:"column:pdq_quality"`
	BlobKey        string
	ThumbKey       string
	CreatedAt      time.Time
	BytesDeletedAt *time.Time // removed under severity 5: the bytes are gone, the hashes stay
	BytesDeletedBy *int64
	BytesPurgedAt  *time.Time
}

// SHA256Hex is the picture's SHA-256 in hex, as exports name it.
func (p *Picture) SHA256Hex() string { return hex.EncodeToString(p.SHA256) }

// NewPicture is an upload checked and re-encoded, ready to be stored with
// the message, post or comment that carries it.
type NewPicture struct {
	p      *prepared
	store  blob.Store
	stored *Picture // set once saved, so a failed write can take its bytes back
}

// PreparePicture checks up before decoding it (at most MaxPictureBytes and
// MaxPicturePixels; a JPEG, PNG, WebP or the first frame of a GIF, by its
// bytes; not cut short, nothing after its end) and re-encodes it upright
// with no metadata, for store. Nothing is stored yet. Errors: Invalid on
// field "picture", naming the problem.
func PreparePicture(store blob.Store, up Upload) (*NewPicture, error) {
	p, err := preparePicture(up)
	if err != nil {
		return nil, err
	}
	return &NewPicture{p: p, store: store}, nil
}

// save puts the picture's bytes in the store and its row in tx, owned by
// ownerID; it returns the row's id. When tx then fails, discard takes the
// bytes back.
func (n *NewPicture) save(ctx context.Context, tx *gorm.DB, ownerID int64) (int64, error) {
	key := make([]byte, 16)
	_, _ = rand.Read(key)
	name := "pictures/" + hex.EncodeToString(key)
	ext := ".png"
	if n.p.contentType == "image/jpeg" {
		ext = ".jpg"
	}
	quality := int16(n.p.quality)
	pic := &Picture{OwnerID: &ownerID, ContentType: n.p.contentType, Width: n.p.width, Height: n.p.height,
		Bytes: int64(len(n.p.data)), SHA256: n.p.sha256, MD5: n.p.md5, PDQ: n.p.pdq.Bytes(), PDQQuality: &quality,
		BlobKey: name + ext, ThumbKey: name + "-thumb" + ext}
	if err := n.store.Put(ctx, pic.BlobKey, n.p.data, pic.ContentType); err != nil {
		return 0, err
	}
	n.stored = pic
	if err := n.store.Put(ctx, pic.ThumbKey, n.p.thumb, pic.ContentType); err != nil {
		return 0, err
	}
	if err := tx.Omit("BytesDeletedAt", "BytesDeletedBy", "BytesPurgedAt", "CreatedAt").Create(pic).Error; err != nil {
		return 0, err
	}
	return pic.ID, nil
}

// discard deletes the bytes save put in the store, after the write that
// carried them failed: nothing of a refused message or post is kept.
func (n *NewPicture) discard(ctx context.Context, err error) error {
	if err == nil || n == nil || n.stored == nil {
		return err
	}
	ctx = context.WithoutCancel(ctx)
	return errors.Join(err, n.store.Delete(ctx, n.stored.BlobKey), n.store.Delete(ctx, n.stored.ThumbKey))
}
