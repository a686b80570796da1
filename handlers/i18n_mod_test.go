package handlers_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"talksafe/models"
)

func TestSurveyModKorean(t *testing.T) {
	en := newEnv(t)
	if _, err := models.SeedDemo(context.Background(), en.db); err != nil {
		t.Fatal(err)
	}
	var names []string
	en.db.Raw(`SELECT name || ' ' || display_name FROM users UNION ALL SELECT name FROM open_chat_rooms
		UNION ALL SELECT title FROM board_posts`).Scan(&names)
	allowed := latinWord.FindAllString(strings.Join(names, " "), -1)
	var cases []int64
	en.db.Raw("SELECT id FROM cases ORDER BY id").Scan(&cases)
	en.db.Exec("UPDATE users SET language='ko' WHERE name IN ('mod','mod2','admin')")
	for _, who := range []string{"mod", "mod2", "admin"} {
		c := en.client()
		c.submit("/login", url.Values{"name": {who}, "password": {models.DemoPassword}})
		pages := []string{"/mod", "/mod?state=resolved", "/mod/appeals", "/mod/stats"}
		for _, id := range cases {
			pages = append(pages, fmt.Sprintf("/mod/cases/%d", id))
		}
		for _, p := range pages {
			r := c.get(p)
			t.Logf("%s %s %d: %v", who, p, r.status, englishLeft(r, allowed...))
		}
	}
}
