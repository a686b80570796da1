package views

import (
	"context"
	"time"

	"talksafe/models"
	. "talksafe/views/components"
)

// restrictionSentence says what a restriction takes away and until when,
// as one sentence that reads naturally for each scope.
func restrictionSentence(ctx context.Context, s models.Scope, ends *time.Time) string {
	if ends == nil {
		return T(ctx, "restricted.sentence_"+string(s)+"_permanent")
	}
	return T(ctx, "restricted.sentence_"+string(s), map[string]any{"Time": stamp(ctx, *ends)})
}

// restrictionPolicy names the Operation Policy rule a restriction is under.
func restrictionPolicy(ctx context.Context, policy string) string {
	return T(ctx, "restricted.policy", map[string]any{"Policy": policyLabel(ctx, policy)})
}

// serviceRestricted reports whether one of list takes the whole account.
func serviceRestricted(list []models.MyRestriction) bool {
	for _, r := range list {
		if r.Scope == models.ScopeService {
			return true
		}
	}
	return false
}
