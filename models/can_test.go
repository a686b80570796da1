package models_test

import (
	"testing"
	"time"

	"talksafe/models"
)

// TestViewRules checks the rules views ask instead of restating them: who
// may start reviewing, claim, release, lift and judge, role by role.
func TestViewRules(t *testing.T) {
	t.Parallel()
	mod := &models.User{ID: 1, Role: models.RoleModerator}
	mod2 := &models.User{ID: 2, Role: models.RoleModerator}
	admin := &models.User{ID: 3, Role: models.RoleAdmin}
	support := &models.User{ID: 4, Role: models.RoleSupport}
	user := &models.User{ID: 5, Role: models.RoleUser}
	mine, held := int64(1), int64(2)
	now := time.Now()
	later, earlier := now.Add(time.Hour), now.Add(-time.Hour)

	open := &models.Case{State: models.CaseOpen}
	claimedByMe := &models.Case{State: models.CaseClaimed, ClaimedBy: &mine}
	claimedByOther := &models.Case{State: models.CaseClaimed, ClaimedBy: &held}
	resolved := &models.Case{State: models.CaseResolved, ClaimedBy: &mine}
	inForce := &models.Restriction{StartsAt: earlier, EndsAt: &later}
	ended := &models.Restriction{StartsAt: earlier.Add(-time.Hour), EndsAt: &earlier}
	lifted := &models.Restriction{StartsAt: earlier, LiftedAt: &now}
	appeal := models.PendingAppeal{DeciderID: &mine}
	q := &models.Queue{}

	for _, tc := range []struct {
		name string
		got  bool
		want bool
	}{
		{"ModeratorStartsReviewing", q.CanStartReviewing(mod), true},
		{"AdminDoesNotStartReviewing", q.CanStartReviewing(admin), false},
		{"SupportDoesNotStartReviewing", q.CanStartReviewing(support), false},
		{"NobodyStartsReviewing", q.CanStartReviewing(nil), false},
		{"ModeratorDecidesInBulk", q.CanDecide(mod), true},
		{"AdminDoesNotDecideInBulk", q.CanDecide(admin), false},

		{"ModeratorClaimsOpenCase", open.CanClaim(mod), true},
		{"AdminDoesNotClaim", open.CanClaim(admin), false},
		{"UserDoesNotClaim", open.CanClaim(user), false},
		{"NobodyClaims", open.CanClaim(nil), false},
		{"HeldCaseNotClaimedAgain", claimedByMe.CanClaim(mod), false},
		{"OthersCaseNotClaimed", claimedByOther.CanClaim(mod), false},
		{"ResolvedCaseNotClaimed", (&models.Case{State: models.CaseResolved}).CanClaim(mod), false},

		{"HolderReleases", claimedByMe.CanRelease(mod), true},
		{"OtherModeratorDoesNotRelease", claimedByMe.CanRelease(mod2), false},
		{"AdminDoesNotRelease", claimedByMe.CanRelease(&models.User{ID: 1, Role: models.RoleAdmin}), false},
		{"OpenCaseNotReleased", open.CanRelease(mod), false},
		{"ResolvedCaseNotReleased", resolved.CanRelease(mod), false},

		{"ModeratorLiftsInForce", inForce.CanLift(mod, now), true},
		{"AdminDoesNotLift", inForce.CanLift(admin, now), false},
		{"EndedNotLifted", ended.CanLift(mod, now), false},
		{"LiftedNotLiftedAgain", lifted.CanLift(mod, now), false},
		{"NobodyLifts", inForce.CanLift(nil, now), false},

		{"OtherModeratorJudges", appeal.JudgeableBy(mod2), true},
		{"DeciderDoesNotJudge", appeal.JudgeableBy(mod), false},
		{"AdminDoesNotJudge", appeal.JudgeableBy(admin), false},
		{"DeciderToldOwn", appeal.OwnRestrictionOf(mod), true},
		{"OtherModeratorNotToldOwn", appeal.OwnRestrictionOf(mod2), false},
		{"AdminNotToldOwn", appeal.OwnRestrictionOf(&models.User{ID: 1, Role: models.RoleAdmin}), false},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, tc.got, tc.want)
		}
	}
}
