package views

import (
	"context"
	"strconv"
	"time"

	"talksafe/models"
	. "talksafe/views/components"
)

// StatementsFileName names batch of f's period's download.
func StatementsFileName(f models.StatementFilter, batch int) string {
	from, to := f.From, f.To
	if from == "" {
		from = "start"
	}
	if to == "" {
		to = "now"
	}
	return "talksafe-statements-" + from + "-" + to + "-" + strconv.Itoa(batch) + ".json"
}

// StatementsView is the statements page's data: a page of the period's
// statements and how many batches its download takes.
type StatementsView struct {
	List    []models.StatementItem
	Filter  models.StatementFilter
	Next    int64
	Total   int64
	Batches int
}

// batchNumbers are 1..n.
func batchNumbers(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i + 1
	}
	return out
}

// The names of the statements' values, as literal catalog keys.
var (
	statementKindKeys = map[models.StatementKind]string{
		models.StatementRemove: "statements.kind.remove", models.StatementHide: "statements.kind.hide",
		models.StatementTemporaryBlock: "statements.kind.temporary_block", models.StatementRestrictAccount: "statements.kind.restrict_account",
		models.StatementRestrictReporting: "statements.kind.restrict_reporting"}
	statementCategoryKeys = map[string]string{
		"STATEMENT_CATEGORY_PROTECTION_OF_MINORS":                   "statements.category.STATEMENT_CATEGORY_PROTECTION_OF_MINORS",
		"STATEMENT_CATEGORY_CYBER_VIOLENCE":                         "statements.category.STATEMENT_CATEGORY_CYBER_VIOLENCE",
		"STATEMENT_CATEGORY_VIOLENCE":                               "statements.category.STATEMENT_CATEGORY_VIOLENCE",
		"STATEMENT_CATEGORY_SELF_HARM":                              "statements.category.STATEMENT_CATEGORY_SELF_HARM",
		"STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS": "statements.category.STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS",
		"STATEMENT_CATEGORY_OTHER_VIOLATION_TC":                     "statements.category.STATEMENT_CATEGORY_OTHER_VIOLATION_TC",
		"STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS":         "statements.category.STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS",
		"STATEMENT_CATEGORY_SCAMS_AND_FRAUD":                        "statements.category.STATEMENT_CATEGORY_SCAMS_AND_FRAUD",
		"STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH":              "statements.category.STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH"}
	statementGroundKeys = map[string]string{models.GroundIllegal: "statements.ground.illegal", models.GroundIncompatible: "statements.ground.incompatible"}
	statementSourceKeys = map[string]string{models.SourceArticle16: "statements.source.SOURCE_ARTICLE_16",
		models.SourceTrustedFlagger: "statements.source.SOURCE_TRUSTED_FLAGGER", models.SourceVoluntary: "statements.source.SOURCE_VOLUNTARY"}
	statementAutomatedKeys = map[string]string{models.AutomatedFully: "statements.automated.AUTOMATED_DECISION_FULLY",
		models.AutomatedPartially: "statements.automated.AUTOMATED_DECISION_PARTIALLY", models.AutomatedNotAutomated: "statements.automated.AUTOMATED_DECISION_NOT_AUTOMATED"}
	noticeFactsKeys = map[models.StatementKind]string{
		models.StatementRemove: "statements.notice.facts.remove", models.StatementHide: "statements.notice.facts.hide",
		models.StatementTemporaryBlock: "statements.notice.facts.temporary_block", models.StatementRestrictAccount: "statements.notice.facts.restrict_account",
		models.StatementRestrictReporting: "statements.notice.facts.restrict_reporting"}
	noticeSourceKeys = map[string]string{models.SourceArticle16: "statements.notice.source.SOURCE_ARTICLE_16",
		models.SourceTrustedFlagger: "statements.notice.source.SOURCE_TRUSTED_FLAGGER", models.SourceVoluntary: "statements.notice.source.SOURCE_VOLUNTARY"}
	noticeAutomatedKeys = map[string]string{models.AutomatedFully: "statements.notice.automated.AUTOMATED_DECISION_FULLY",
		models.AutomatedPartially: "statements.notice.automated.AUTOMATED_DECISION_PARTIALLY", models.AutomatedNotAutomated: "statements.notice.automated.AUTOMATED_DECISION_NOT_AUTOMATED"}
	statementLawKeys = map[string]string{"sexual_exploitation": "statements.law.sexual_exploitation", "threat": "statements.law.threat",
		"personal_info": "statements.law.personal_info", "illegal_gambling": "statements.law.illegal_gambling", "fraud": "statements.law.fraud",
		"illegally_filmed": "statements.law.illegally_filmed", "composite": "statements.law.composite", "child_abuse": "statements.law.child_abuse",
		"privacy": "statements.law.privacy", "reputation": "statements.law.reputation"}
)

// word is the name keys gives value in the reader's language; an unknown
// value keeps its code.
func word[K comparable](ctx context.Context, keys map[K]string, value K, code string) string {
	if k, ok := keys[value]; ok {
		return T(ctx, k)
	}
	return code
}

func statementKindLabel(ctx context.Context, k models.StatementKind) string {
	return word(ctx, statementKindKeys, k, string(k))
}
func statementCategoryLabel(ctx context.Context, c string) string {
	return word(ctx, statementCategoryKeys, c, c)
}
func statementGroundLabel(ctx context.Context, g string) string {
	return word(ctx, statementGroundKeys, g, g)
}
func statementSourceLabel(ctx context.Context, s string) string {
	return word(ctx, statementSourceKeys, s, s)
}
func statementAutomatedLabel(ctx context.Context, a string) string {
	return word(ctx, statementAutomatedKeys, a, a)
}

// noticeStatementLines are the sentences of a notice's statement of
// reasons in the reader's language: category, ground (the law or the
// policy's rule), facts, source, automation, until when, how to appeal.
func noticeStatementLines(ctx context.Context, n models.NoticeItem) []string {
	s := n.Statement
	if s.Kind == "" {
		return nil
	}
	lines := []string{T(ctx, "statements.notice.category", map[string]any{"Category": statementCategoryLabel(ctx, s.Category)})}
	if law, ok := statementLawKeys[s.Reason]; ok && s.Ground == models.GroundIllegal {
		lines = append(lines, T(ctx, "statements.notice.illegal", map[string]any{"Law": T(ctx, law)}))
	} else if models.ValidPolicy(s.Reason) {
		lines = append(lines, T(ctx, "statements.notice.incompatible", map[string]any{"Policy": policyLabel(ctx, s.Reason)}))
	} else {
		lines = append(lines, T(ctx, "statements.notice.incompatible_policy"))
	}
	lines = append(lines, word(ctx, noticeFactsKeys, s.Kind, ""), word(ctx, noticeSourceKeys, s.Source, ""))
	if s.Detection {
		lines = append(lines, T(ctx, "statements.notice.detected"))
	}
	lines = append(lines, word(ctx, noticeAutomatedKeys, s.Automated, ""))
	if d, err := time.Parse("2006-01-02", s.Until); err == nil {
		lines = append(lines, T(ctx, "statements.notice.until", map[string]any{"Date": d.Format(dateLayout)}))
	} else if s.Kind == models.StatementHide {
		lines = append(lines, T(ctx, "statements.notice.until_review"))
	}
	return append(lines, T(ctx, "statements.notice.appeal"))
}
