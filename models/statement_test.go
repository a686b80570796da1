package models_test

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"talksafe/models"
	"talksafe/models/pdq"
)

// statementRow is a statements row as the tests read it.
type statementRow struct {
	ID                 int64
	Puid               string
	Kind               string
	UserID             *int64
	CaseID             *int64
	DecisionID         *int64
	RestrictionID      *int64
	HideID             *int64
	LegalRequestID     *int64
	DecisionGround     string
	Category           string
	SourceType         string
	AutomatedDetection bool
	AutomatedDecision  string
	Reason             string
	Body               string
}

func statementsSince(t *testing.T, db *gorm.DB, after int64) []statementRow {
	t.Helper()
	var out []statementRow
	if err := db.Raw("SELECT *, body::text AS body FROM statements WHERE id > ? ORDER BY id", after).Scan(&out).Error; err != nil {
		t.Fatal(err)
	}
	return out
}

func lastStatement(t *testing.T, db *gorm.DB) int64 {
	return count(t, db, "SELECT coalesce(max(id), 0) FROM statements")
}

// checkStatement checks row against the API's rules and against its own
// columns, and that its body names no person.
func checkStatement(t *testing.T, db *gorm.DB, r statementRow) map[string]any {
	t.Helper()
	b := decode(t, r.Body)
	if v := apiViolations(b); len(v) != 0 {
		t.Errorf("statement %s breaks the API's rules: %v\n%s", r.Puid, v, r.Body)
	}
	detection := map[bool]string{true: "Yes", false: "No"}[r.AutomatedDetection]
	if b["puid"] != r.Puid || b["decision_ground"] != r.DecisionGround || b["category"] != r.Category || b["source_type"] != r.SourceType ||
		b["automated_decision"] != r.AutomatedDecision || b["automated_detection"] != detection {
		t.Errorf("statement %s: columns %+v disagree with its body %s", r.Puid, r, r.Body)
	}
	var people []struct {
		ID          int64
		Name        string
		DisplayName string
	}
	db.Raw("SELECT id, name, display_name FROM users").Scan(&people)
	for _, p := range people {
		for _, word := range []string{p.Name, p.DisplayName} {
			if word != "" && regexp.MustCompile(`(?i)\b`+regexp.QuoteMeta(word)+`\b`).MatchString(r.Body) {
				t.Errorf("statement %s names %q: %s", r.Puid, word, r.Body)
			}
		}
	}
	for f, v := range b { // strings and lists of strings: no number, so no id of a person
		if _, ok := v.(float64); ok {
			t.Errorf("statement %s: %s is a number", r.Puid, f)
		}
	}
	return b
}

// Every restrictive decision, made the way talksafe makes it, writes a
// statement the API accepts, with the columns the reports count from.
func TestStatementsForEveryDecision(t *testing.T) {
	t.Parallel()
	w := newModWorld(t)
	admin := w.admin()
	decide := func(c int64, d models.Decision) {
		t.Helper()
		if _, err := models.DecideCase(w.ctx, w.db, w.mod, c, d); err != nil {
			t.Fatal(err)
		}
	}
	type want struct {
		kind, ground, category, source, automated string
		detection                                 bool
		fields                                    map[string]any // body fields, "" must be absent
	}
	// "@created" is the statement's day, "@ends" its restriction's last
	// (UTC, as the API's dates), "@until" the temporary block's.
	var blockUntil time.Time
	resolve := func(r statementRow, v any) any {
		var out string
		switch v {
		case "@created":
			w.db.Raw("SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') FROM statements WHERE id = ?", r.ID).Scan(&out)
		case "@ends":
			w.db.Raw("SELECT to_char(ends_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') FROM restrictions WHERE id = ?", r.RestrictionID).Scan(&out)
		case "@until":
			out = blockUntil.UTC().Format("2006-01-02")
		default:
			return v
		}
		return out
	}
	check := func(t *testing.T, after int64, wants ...want) []statementRow {
		t.Helper()
		rows := statementsSince(t, w.db, after)
		if len(rows) != len(wants) {
			t.Fatalf("%d statements, want %d: %+v", len(rows), len(wants), rows)
		}
		for i, r := range rows {
			b := checkStatement(t, w.db, r)
			x := wants[i]
			if r.Kind != x.kind || r.DecisionGround != x.ground || r.Category != x.category || r.SourceType != x.source ||
				r.AutomatedDecision != x.automated || r.AutomatedDetection != x.detection {
				t.Errorf("statement %d = %+v, want %+v", i, r, x)
			}
			for f, v := range x.fields {
				v = resolve(r, v)
				got, ok := b[f]
				if v == "" && ok {
					t.Errorf("statement %s has %s = %v", r.Puid, f, got)
				} else if v != "" && fmt.Sprint(got) != fmt.Sprint(v) {
					t.Errorf("statement %s: %s = %v, want %v", r.Puid, f, got, v)
				}
			}
		}
		return rows
	}

	t.Run("Remove", func(t *testing.T) {
		at := lastStatement(t, w.db)
		decide(w.report(0, w.post("buy coins"), "spam"), models.Decision{Kind: models.DecideRemove, Policy: "spam"})
		check(t, at, want{"remove", models.GroundIncompatible, "STATEMENT_CATEGORY_OTHER_VIOLATION_TC", models.SourceArticle16, models.AutomatedNotAutomated, false,
			map[string]any{"decision_visibility": "[DECISION_VISIBILITY_CONTENT_REMOVED]", "category_specification": "[KEYWORD_OTHER]",
				"content_type": "[CONTENT_TYPE_TEXT]", "content_date": "@created", "application_date": "@created", "illegal_content_legal_ground": "",
				"incompatible_content_ground": "talksafe Operation Policy: spam", "end_date_visibility_restriction": ""}})
	})

	t.Run("RemoveIllegalFromTrustedFlagger", func(t *testing.T) {
		mustExec(t, w.db, "UPDATE users SET designation = 'trusted_flagger', designated_at = now() WHERE id = ?", w.reporters[2])
		defer mustExec(t, w.db, "UPDATE users SET designation = NULL WHERE id = ?", w.reporters[2])
		at := lastStatement(t, w.db)
		decide(w.report(2, w.post("send me your card number"), "fraud"), models.Decision{Kind: models.DecideRemove, Policy: "fraud"})
		rows := check(t, at, want{"remove", models.GroundIllegal, "STATEMENT_CATEGORY_SCAMS_AND_FRAUD", models.SourceTrustedFlagger,
			models.AutomatedNotAutomated, false, map[string]any{"category_specification": "[KEYWORD_PHISHING]", "incompatible_content_ground": ""}})
		if b := decode(t, rows[0].Body); !strings.Contains(b["illegal_content_legal_ground"].(string), "형법") {
			t.Errorf("the legal ground names no Korean law: %v", b["illegal_content_legal_ground"])
		}
	})

	t.Run("RestrictServiceTimedAndRemove", func(t *testing.T) {
		at := lastStatement(t, w.db)
		decide(w.report(0, w.post("I will hurt you"), "threat"), models.Decision{Kind: models.DecideRestrict, Policy: "threat",
			Scope: models.ScopeService, Days: "7", RemoveContent: true, OverrideReason: "Serious threat."})
		rows := check(t, at,
			want{"remove", models.GroundIllegal, "STATEMENT_CATEGORY_VIOLENCE", models.SourceArticle16, models.AutomatedNotAutomated, false, nil},
			want{"restrict_account", models.GroundIllegal, "STATEMENT_CATEGORY_VIOLENCE", models.SourceArticle16, models.AutomatedNotAutomated, false,
				map[string]any{"decision_account": "DECISION_ACCOUNT_SUSPENDED", "end_date_account_restriction": "@ends",
					"decision_visibility": "", "decision_provision": ""}})
		if rows[1].RestrictionID == nil || rows[1].DecisionID == nil || rows[1].CaseID == nil || *rows[1].UserID != w.dave {
			t.Errorf("the restriction's statement does not point to it: %+v", rows[1])
		}
		mustExec(t, w.db, "UPDATE restrictions SET lifted_at = now() WHERE user_id = ?", w.dave)
	})

	t.Run("RestrictPostingPermanent", func(t *testing.T) {
		at := lastStatement(t, w.db)
		decide(w.report(1, w.post("you people are vermin"), "hate"), models.Decision{Kind: models.DecideRestrict, Policy: "hate",
			Scope: models.ScopePosting, Days: "0", OverrideReason: "Repeated."})
		check(t, at, want{"restrict_account", models.GroundIncompatible, "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH", models.SourceArticle16,
			models.AutomatedNotAutomated, false, map[string]any{"decision_provision": "DECISION_PROVISION_PARTIAL_SUSPENSION",
				"end_date_service_restriction": "", "decision_account": "", "category_specification": "[KEYWORD_HATE_SPEECH]"}})
		mustExec(t, w.db, "UPDATE restrictions SET lifted_at = now() WHERE user_id = ?", w.dave)
	})

	t.Run("FalseReporterRestricted", func(t *testing.T) {
		at := lastStatement(t, w.db)
		for i := 1; i <= 3; i++ {
			decide(w.report(3, w.post(fmt.Sprintf("innocent %d", i)), "hate"), models.Decision{Kind: models.DecideFalseReport})
		}
		rows := check(t, at, want{"restrict_reporting", models.GroundIncompatible, "STATEMENT_CATEGORY_OTHER_VIOLATION_TC", models.SourceVoluntary,
			models.AutomatedPartially, false, map[string]any{"decision_provision": "DECISION_PROVISION_PARTIAL_SUSPENSION",
				"end_date_service_restriction": "@ends", "category_specification": "[KEYWORD_OTHER]"}})
		if *rows[0].UserID != w.reporters[3] || rows[0].Reason != models.PolicyFalseReporting {
			t.Errorf("the reporting restriction's statement = %+v", rows[0])
		}
	})

	t.Run("HideByRule", func(t *testing.T) {
		at := lastStatement(t, w.db)
		post := w.post("angry words")
		w.hide(models.SubjectPost, post, nil)
		rows := check(t, at, want{"hide", models.GroundIncompatible, "STATEMENT_CATEGORY_OTHER_VIOLATION_TC", models.SourceVoluntary,
			models.AutomatedFully, true, map[string]any{"decision_visibility": "[DECISION_VISIBILITY_CONTENT_DISABLED]"}})
		if rows[0].HideID == nil || *rows[0].UserID != w.dave {
			t.Errorf("the hide's statement = %+v", rows[0])
		}
	})

	t.Run("AutomatedRestrictionByRule", func(t *testing.T) {
		id := w.rule(admin, models.RuleInput{Name: "Harassment", Trigger: "report", Reasons: []string{"harassment"}, MinReporters: "2",
			Action: "restrict", Policy: "harassment", State: "on"})
		defer func() {
			if err := models.SetRuleState(w.ctx, w.db, admin, id, models.RuleOff); err != nil {
				t.Fatal(err)
			}
		}()
		at := lastStatement(t, w.db)
		post := w.post("insults")
		w.report(0, post, "harassment")
		w.report(1, post, "harassment")
		check(t, at, want{"restrict_account", models.GroundIncompatible, "STATEMENT_CATEGORY_CYBER_VIOLENCE", models.SourceArticle16,
			models.AutomatedFully, true, map[string]any{"decision_account": "DECISION_ACCOUNT_SUSPENDED",
				"end_date_account_restriction": ""}}) // dave climbed the ladder: permanent
		mustExec(t, w.db, "UPDATE restrictions SET lifted_at = now() WHERE user_id = ?", w.dave)
	})

	t.Run("HashBankPictureHiddenAndRestricted", func(t *testing.T) {
		bank := newBank(t, w.db, admin, "Restrict list", models.BankRestrict)
		if _, err := models.ImportHashes(w.ctx, w.db, admin, bank.ID, strings.NewReader("md5,"+someMD5)); err != nil {
			t.Fatal(err)
		}
		at := lastStatement(t, w.db)
		post := w.post("a picture")
		h, _ := pdq.Parse(bridgePDQ)
		err := w.db.Transaction(func(tx *gorm.DB) error {
			_, err := models.MatchPicture(context.Background(), tx, models.PictureSubject{Type: models.SubjectPost, ID: post, AuthorID: w.dave},
				pdq.Sums{PDQ: h, Quality: 100, MD5: someMD5})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		image := map[string]any{"content_type": "[CONTENT_TYPE_IMAGE CONTENT_TYPE_TEXT]", "category_addition": "[STATEMENT_CATEGORY_CYBER_VIOLENCE]"}
		check(t, at,
			want{"hide", models.GroundIllegal, "STATEMENT_CATEGORY_PROTECTION_OF_MINORS", models.SourceVoluntary, models.AutomatedFully, true, image},
			want{"restrict_account", models.GroundIllegal, "STATEMENT_CATEGORY_PROTECTION_OF_MINORS", models.SourceVoluntary, models.AutomatedFully, true,
				map[string]any{"decision_account": "DECISION_ACCOUNT_SUSPENDED", "end_date_account_restriction": ""}})
		mustExec(t, w.db, "UPDATE restrictions SET lifted_at = now() WHERE user_id = ?", w.dave)
	})

	t.Run("SpamWaveOneStatementPerItem", func(t *testing.T) {
		others := newUsers(t, w.db, "erin", "fred")
		text := "Visit https://coins.example/a1 and call 010-1111-2222 to claim your prize today"
		var lead int64
		for i, author := range append([]int64{w.dave}, others...) {
			mustExec(t, w.db, "INSERT INTO open_chat_members (room_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING", w.room, author)
			p, err := models.CreatePost(w.ctx, w.db, author, w.room, models.PostInput{Title: "WIN FREE COINS", Body: text})
			if err != nil {
				t.Fatal(err)
			}
			if c := w.report(i, p.ID, "spam"); i == 0 {
				lead = c
			}
		}
		at := lastStatement(t, w.db)
		decide(lead, models.Decision{Kind: models.DecideRemove, Policy: "spam"})
		rows := check(t, at,
			want{"remove", models.GroundIncompatible, "STATEMENT_CATEGORY_OTHER_VIOLATION_TC", models.SourceArticle16, models.AutomatedNotAutomated, false, nil},
			want{"remove", models.GroundIncompatible, "STATEMENT_CATEGORY_OTHER_VIOLATION_TC", models.SourceArticle16, models.AutomatedNotAutomated, false, nil},
			want{"remove", models.GroundIncompatible, "STATEMENT_CATEGORY_OTHER_VIOLATION_TC", models.SourceArticle16, models.AutomatedNotAutomated, false, nil})
		users := []int64{*rows[0].UserID, *rows[1].UserID, *rows[2].UserID}
		slices.Sort(users)
		if want := slices.Sorted(slices.Values(append([]int64{w.dave}, others...))); !slices.Equal(users, want) {
			t.Errorf("the wave's statements are for %v, want each author %v", users, want)
		}
	})

	t.Run("TemporaryBlockForLegalRequest", func(t *testing.T) {
		post := w.post("rumours about a neighbour")
		var lr int64
		if err := w.db.Raw(`INSERT INTO legal_requests (kind, requester_id, requester_kind, subject_type, subject_id, author_id, content_kind, explanation)
			VALUES ('temporary_measure', ?, 'victim', 'post', ?, ?, 'reputation', 'It defames me.') RETURNING id`, w.reporters[0], post, w.dave).Scan(&lr).Error; err != nil {
			t.Fatal(err)
		}
		at := lastStatement(t, w.db)
		blockUntil = time.Now().Add(30 * 24 * time.Hour)
		until := blockUntil
		err := w.db.Transaction(func(tx *gorm.DB) error {
			_, err := models.RecordStatement(tx, models.StatementInput{Kind: models.StatementTemporaryBlock, UserID: w.dave,
				SubjectType: models.SubjectPost, SubjectID: post, EndsAt: &until, LegalRequestID: &lr})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		rows := check(t, at, want{"temporary_block", models.GroundIllegal, "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH", models.SourceArticle16,
			models.AutomatedNotAutomated, false, map[string]any{"decision_visibility": "[DECISION_VISIBILITY_CONTENT_DISABLED]",
				"end_date_visibility_restriction": "@until", "category_specification": "[KEYWORD_DEFAMATION]"}})
		if !strings.Contains(rows[0].Body, "44-2") || rows[0].Reason != "reputation" || *rows[0].LegalRequestID != lr {
			t.Errorf("the temporary block's statement = %+v", rows[0])
		}
	})

	t.Run("HideForIllegalFilmingRequestByOrganisation", func(t *testing.T) {
		post := w.post("a leaked video")
		var lr int64
		if err := w.db.Raw(`INSERT INTO legal_requests (kind, requester_id, requester_kind, subject_type, subject_id, author_id, content_kind, explanation, deadline_at)
			VALUES ('illegal_filming', ?, 'organisation', 'post', ?, ?, 'illegally_filmed', 'Filmed without consent.', now() + interval '14 days')
			RETURNING id`, w.reporters[1], post, w.dave).Scan(&lr).Error; err != nil {
			t.Fatal(err)
		}
		at := lastStatement(t, w.db)
		err := w.db.Transaction(func(tx *gorm.DB) error {
			_, err := models.HidePendingReview(tx, models.SubjectPost, post, models.HideSource{Kind: models.HideByLegalRequest, ID: lr})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		rows := check(t, at, want{"hide", models.GroundIllegal, "STATEMENT_CATEGORY_CYBER_VIOLENCE", models.SourceTrustedFlagger,
			models.AutomatedNotAutomated, false, map[string]any{"category_specification": "[KEYWORD_NON_CONSENSUAL_IMAGE_SHARING]"}})
		if rows[0].LegalRequestID == nil || *rows[0].LegalRequestID != lr || !strings.Contains(rows[0].Body, "22-5") {
			t.Errorf("the request's hide statement = %+v", rows[0])
		}
	})

	t.Run("NoStatementWithoutRestriction", func(t *testing.T) {
		at := lastStatement(t, w.db)
		decide(w.report(0, w.post("fine"), "spam"), models.Decision{Kind: models.DecideNoViolation})
		decide(w.report(0, w.post("borderline"), "harassment"), models.Decision{Kind: models.DecideWarn, Policy: "harassment"})
		check(t, at)
	})
}

// The mapping table has every reason, false reporting and the legal
// requests' kinds, each with a valid category and keywords and its ground.
func TestStatementMappingCoversEveryReason(t *testing.T) {
	t.Parallel()
	codes := []string{models.PolicyFalseReporting, "illegally_filmed", "composite", "child_abuse", "privacy", "reputation"}
	for _, r := range models.Reasons {
		codes = append(codes, string(r.Code))
	}
	for _, code := range codes {
		m, ok := models.StatementMappingOf(code)
		if !ok {
			t.Errorf("%s is not in the mapping", code)
			continue
		}
		if !slices.Contains(apiCategories, m.Category) {
			t.Errorf("%s: category %s", code, m.Category)
		}
		for _, k := range m.Keywords {
			if !slices.Contains(apiKeywords, k) {
				t.Errorf("%s: keyword %s", code, k)
			}
		}
		for _, a := range m.Addition {
			if !slices.Contains(apiCategories, a) {
				t.Errorf("%s: category_addition %s", code, a)
			}
		}
		if (m.KeywordOther != "") != slices.Contains(m.Keywords, "KEYWORD_OTHER") {
			t.Errorf("%s: category_specification_other without KEYWORD_OTHER (the API drops it) or the reverse", code)
		}
		if m.Illegal && (m.Law == "" || m.Explanation == "" || !strings.Contains(m.Law, "Korea")) ||
			!m.Illegal && (m.Rule == "" || m.Explanation == "") {
			t.Errorf("%s: ground %+v", code, m)
		}
	}
	raw, _ := json.Marshal(models.StatementTerritories)
	if v := apiViolations(map[string]any{"territorial_scope": decodeList(t, raw)}); slices.Contains(v, "territorial_scope: in") {
		t.Errorf("territorial scope %s", raw)
	}
}

func decodeList(t *testing.T, raw []byte) []any {
	t.Helper()
	var l []any
	if err := json.Unmarshal(raw, &l); err != nil {
		t.Fatal(err)
	}
	return l
}
