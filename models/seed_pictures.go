package models

import (
	"context"
	"encoding/hex"

	"gorm.io/gorm"

	"talksafe/models/blob"
	"talksafe/models/pdq"
	"talksafe/models/picturetest"
)

// SeedDemoPictures gives the demo world its pictures, through the same
// functions a person's upload goes through (checked, re-encoded, stored in
// store): bob and alice trade photos, the hiking board has a post and a
// comment with one, mallory sends erin, a stranger, a picture that erin
// reports (its case shows it blurred), and rupert posts on the hiking board
// a picture the demo hash bank holds, hidden as it is posted. The pictures are drawn in code. Once
// the demo has pictures it does nothing. Errors: those of the steps.
func SeedDemoPictures(ctx context.Context, db *gorm.DB, store blob.Store) error {
	var n int64
	if err := db.WithContext(ctx).Raw("SELECT count(*) FROM pictures p JOIN users u ON u.id = p.owner_id WHERE u.demo").Scan(&n).Error; err != nil || n > 0 {
		return err
	}
	ids := map[string]int64{}
	var users []User
	if err := db.WithContext(ctx).Where("demo").Find(&users).Error; err != nil {
		return err
	}
	for _, u := range users {
		ids[u.Name] = u.ID
	}
	if ids["bob"] == 0 || ids["mallory"] == 0 {
		return nil // no demo world
	}
	picture := func(name string, data []byte) (*NewPicture, error) {
		return PreparePicture(store, Upload{Name: name, Data: data})
	}
	send := func(from, to, body, name string, data []byte) (*ChatMessage, error) {
		room, err := StartChat(ctx, db, ids[from], to, "127.0.0.1")
		if err != nil {
			return nil, err
		}
		pic, err := picture(name, data)
		if err != nil {
			return nil, err
		}
		return SendPicture(ctx, db, ids[from], room, body, pic)
	}
	if _, err := send("bob", "alice", "The view from Namsan this morning!", "namsan.jpg", picturetest.JPEG(960, 640, 200)); err != nil {
		return err
	}
	if _, err := send("alice", "bob", "", "sunset.png", picturetest.PNG(480, 360, 20)); err != nil {
		return err
	}
	var hiking, inwangsan int64
	if err := db.WithContext(ctx).Raw("SELECT id FROM open_chat_rooms WHERE name = 'Seoul Hiking Club'").Scan(&hiking).Error; err != nil {
		return err
	}
	if err := db.WithContext(ctx).Raw("SELECT id FROM board_posts WHERE title = 'Photos from Inwangsan'").Scan(&inwangsan).Error; err != nil {
		return err
	}
	pic, err := picture("trail.jpg", picturetest.JPEG(800, 600, 120))
	if err != nil {
		return err
	}
	if _, err := CreatePost(ctx, db, ids["carol"], hiking, PostInput{Title: "Trail map for Saturday",
		Body: "This is the route up Bukhansan: the fork after the temple goes left.", Picture: pic}); err != nil {
		return err
	}
	if pic, err = picture("fortress.png", picturetest.PNG(640, 400, 40)); err != nil {
		return err
	}
	if _, err := CreateComment(ctx, db, ids["alice"], inwangsan, CommentInput{Body: "Here is one from the fortress wall.", Picture: pic}); err != nil {
		return err
	}
	msg, err := send("mallory", "erin", "", "look.jpg", picturetest.JPEG(640, 640, 300))
	if err != nil {
		return err
	}
	if _, _, err = FileReport(ctx, db, ids["erin"], ReportInput{Type: SubjectMessage, ID: msg.ID, Reasons: []string{"harassment"},
		Detail: "A stranger keeps sending me pictures I did not ask for."}); err != nil {
		return err
	}
	// A picture the demo bank holds, posted on the hiking board: matched
	// and hidden pending review as it is posted, its case open.
	if pic, err = picture("phone.jpg", picturetest.JPEG(720, 540, 330)); err != nil {
		return err
	}
	if err := addToDemoBank(ctx, db, ids["admin"], pic); err != nil {
		return err
	}
	_, err = CreatePost(ctx, db, ids["rupert"], hiking, PostInput{Title: "Look what I found",
		Body: "Someone left their phone on the trail.", Picture: pic})
	return err
}

// addToDemoBank adds pic's MD5 (and its PDQ hash at quality 50 or more)
// to the demo hash bank, as admin would from a case; nothing when the demo
// has no bank.
func addToDemoBank(ctx context.Context, db *gorm.DB, admin int64, pic *NewPicture) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var bank int64
		if err := tx.Raw("SELECT id FROM hash_banks WHERE name = ?", DemoBankName).Scan(&bank).Error; err != nil || bank == 0 {
			return err
		}
		entries := []HashBankEntry{{BankID: bank, Kind: HashMD5, Hash: hex.EncodeToString(pic.p.md5), AddedBy: &admin}}
		if pic.p.quality >= pdq.MinQuality {
			entries = append(entries, HashBankEntry{BankID: bank, Kind: HashPDQ, Hash: pic.p.pdq.String(), AddedBy: &admin})
		}
		res := tx.Omit("CreatedAt").Clauses(onConflictDoNothing).Create(&entries)
		if res.Error != nil {
			return res.Error
		}
		if err := audit(tx, admin, "hashbank.import", "hash_bank", bank, map[string]any{"added": res.RowsAffected, "duplicates": 0, "bad": 0}); err != nil {
			return err
		}
		return bumpBankVersion(tx)
	})
}
