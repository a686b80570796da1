package models

import (
	"context"

	"gorm.io/gorm"

	"talksafe/models/blob"
	"talksafe/models/picturetest"
)

// SeedDemoPictures gives the demo world its pictures, through the same
// functions a person's upload goes through (checked, re-encoded, stored in
// store): bob and alice trade photos, the hiking board has a post and a
// comment with one, and mallory sends erin, a stranger, a picture that erin
// reports (its case shows it blurred). The pictures are drawn in code. Once
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
	_, _, err = FileReport(ctx, db, ids["erin"], ReportInput{Type: SubjectMessage, ID: msg.ID, Reasons: []string{"harassment"},
		Detail: "A stranger keeps sending me pictures I did not ask for."})
	return err
}
