package models

import (
	"encoding/json"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Statements of reasons (EU DSA Art. 17; DOMAIN "Statements of reasons").
// Every restrictive decision writes one row in statements, in the same
// transaction: its body is the statement exactly as the EU DSA
// Transparency Database's submission API takes it, and its other columns
// are what talksafe counts and finds it by. The affected user reads the
// same content in words in their notice (views/notices.go).
//
// The API's rules were read in digital-services-act/transparency-database
// at commit 69e80a0bc8eb3cbfbe8246e898194c3bdf490a4b (2026-06-24):
// app/Http/Requests/StatementStoreRequest.php,
// app/Services/GroupedSubmissionsService.php (multi_rules, the
// multiple-statements endpoint: 1 to 100 statements under "statements"),
// app/Models/Statement.php (the enums) and
// app/Services/EuropeanCountriesService.php (territorial scope).
// models/statement_api_test.go checks every rule we rely on.

// StatementKind is what a restrictive decision did (statements.kind).
type StatementKind string

// The kinds of statements.
const (
	StatementRemove            StatementKind = "remove"             // content removed by moderation
	StatementHide              StatementKind = "hide"               // content hidden pending review
	StatementTemporaryBlock    StatementKind = "temporary_block"    // 임시조치: blocked for up to 30 days
	StatementRestrictAccount   StatementKind = "restrict_account"   // posting, messaging or the whole account
	StatementRestrictReporting StatementKind = "restrict_reporting" // DSA Art. 23: reports not processed for a time
)

// StatementKinds lists the kinds in the order pages show them.
var StatementKinds = []StatementKind{StatementRemove, StatementHide, StatementTemporaryBlock, StatementRestrictAccount, StatementRestrictReporting}

// The API's enum strings talksafe writes (statements columns and body).
const (
	GroundIllegal      = "DECISION_GROUND_ILLEGAL_CONTENT"
	GroundIncompatible = "DECISION_GROUND_INCOMPATIBLE_CONTENT"

	SourceArticle16      = "SOURCE_ARTICLE_16"      // a user's report (notice)
	SourceTrustedFlagger = "SOURCE_TRUSTED_FLAGGER" // a designated organisation's report or request
	SourceVoluntary      = "SOURCE_VOLUNTARY"       // rules, hash banks, staff's own initiative

	AutomatedFully        = "AUTOMATED_DECISION_FULLY"
	AutomatedPartially    = "AUTOMATED_DECISION_PARTIALLY"
	AutomatedNotAutomated = "AUTOMATED_DECISION_NOT_AUTOMATED"

	visibilityRemoved  = "DECISION_VISIBILITY_CONTENT_REMOVED"
	visibilityDisabled = "DECISION_VISIBILITY_CONTENT_DISABLED"
	accountSuspended   = "DECISION_ACCOUNT_SUSPENDED"
	provisionPartial   = "DECISION_PROVISION_PARTIAL_SUSPENSION"
	contentText        = "CONTENT_TYPE_TEXT"
	contentImage       = "CONTENT_TYPE_IMAGE"
	keywordOther       = "KEYWORD_OTHER"
)

// StatementSources and StatementAutomations list the values talksafe
// writes, in the order pages show them.
var (
	StatementSources     = []string{SourceArticle16, SourceTrustedFlagger, SourceVoluntary}
	StatementAutomations = []string{AutomatedFully, AutomatedPartially, AutomatedNotAutomated}
)

// StatementTerritories is the territorial scope of every statement: the
// EEA, talksafe's EU service (the API's EUROPEAN_COUNTRY_CODES).
var StatementTerritories = []string{"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
	"IE", "IS", "IT", "LI", "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK"}

// StatementMapping is how one of our reasons reads in a statement: the API's
// category and keywords (DOMAIN's table), and the ground: illegal under a
// Korean law (Law, Explanation), or against a rule of the Operation Policy
// (Rule, Explanation).
type StatementMapping struct {
	Category     string
	Addition     []string // category_addition
	Keywords     []string // category_specification
	KeywordOther string   // category_specification_other, with KEYWORD_OTHER
	Illegal      bool
	Law          string // illegal_content_legal_ground
	Rule         string // incompatible_content_ground: the policy's rule
	Explanation  string
}

// statementReasons maps each of our reasons (models.Reasons, false
// reporting, and a legal request's content_kind) to the API's words. Every
// name was checked against the API's lists at the commit above; all of
// DOMAIN's names are there. Where DOMAIN says "where it fits" the keyword
// is given (a threat is a call to violence; fraud on a messenger is mostly
// phishing), since the API takes keywords as a list with no certainty.
var statementReasons = map[string]StatementMapping{
	"sexual_exploitation": {Category: "STATEMENT_CATEGORY_PROTECTION_OF_MINORS", Addition: []string{"STATEMENT_CATEGORY_CYBER_VIOLENCE"},
		Keywords: []string{"KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL", "KEYWORD_NON_CONSENSUAL_IMAGE_SHARING"}, Illegal: true,
		Law:         "Republic of Korea: Act on the Protection of Children and Youth against Sex Offenses (아동·청소년의 성보호에 관한 법률) Art. 11; Act on Special Cases Concerning the Punishment of Sexual Crimes (성폭력범죄의 처벌 등에 관한 특례법) Art. 14 and 14-2",
		Explanation: "The content is sexual exploitation material: material depicting the sexual abuse of a minor, or intimate images filmed or shared without consent, which these laws forbid to make, possess or distribute."},
	"threat": {Category: "STATEMENT_CATEGORY_VIOLENCE", Keywords: []string{"KEYWORD_INCITEMENT_VIOLENCE_HATRED"}, Illegal: true,
		Law:         "Republic of Korea: Criminal Act (형법) Art. 283 (intimidation); Act on Promotion of Information and Communications Network Utilization and Information Protection (정보통신망법) Art. 44-7(1)(3)",
		Explanation: "The content threatens a person with harm, which the Criminal Act punishes as intimidation and the Network Act forbids to circulate."},
	"self_harm": {Category: "STATEMENT_CATEGORY_SELF_HARM", Keywords: []string{"KEYWORD_SUICIDE", "KEYWORD_SELF_MUTILATION"},
		Rule: "talksafe Operation Policy: suicide and self-harm", Explanation: "The content promotes or encourages suicide or self-harm, which the Operation Policy does not allow."},
	"personal_info": {Category: "STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS", Illegal: true,
		Law:         "Republic of Korea: Personal Information Protection Act (개인정보 보호법) Art. 59; Network Act (정보통신망법) Art. 44",
		Explanation: "The content discloses another person's personal information without their consent, which these laws forbid."},
	"obscene": {Category: "STATEMENT_CATEGORY_OTHER_VIOLATION_TC", Keywords: []string{"KEYWORD_ADULT_SEXUAL_MATERIAL"},
		Rule: "talksafe Operation Policy: obscene content", Explanation: "The content is sexually explicit material, which the Operation Policy does not allow in chats and Open Chat boards."},
	"illegal_gambling": {Category: "STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS", Keywords: []string{"KEYWORD_PROHIBITED_PRODUCTS"}, Illegal: true,
		Law:         "Republic of Korea: National Sports Promotion Act (국민체육진흥법) Art. 26; Criminal Act (형법) Art. 247; Network Act (정보통신망법) Art. 44-7(1)(6)",
		Explanation: "The content advertises or arranges unlicensed gambling, which these laws forbid to run or promote."},
	"fraud": {Category: "STATEMENT_CATEGORY_SCAMS_AND_FRAUD", Keywords: []string{"KEYWORD_PHISHING"}, Illegal: true,
		Law:         "Republic of Korea: Criminal Act (형법) Art. 347 (fraud); Special Act on the Prevention of Loss Caused by Telecommunications-Based Financial Fraud (전기통신금융사기 피해 방지 및 피해금 환급에 관한 특별법)",
		Explanation: "The content tries to deceive people into giving money or account details, which the law punishes as fraud."},
	"harassment": {Category: "STATEMENT_CATEGORY_CYBER_VIOLENCE", Keywords: []string{"KEYWORD_CYBER_HARASSMENT"},
		Rule: "talksafe Operation Policy: harassment", Explanation: "The content harasses, insults or bullies a person, which the Operation Policy does not allow."},
	"hate": {Category: "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH", Keywords: []string{"KEYWORD_HATE_SPEECH"},
		Rule: "talksafe Operation Policy: hate speech", Explanation: "The content attacks people for who they are, which the Operation Policy does not allow."},
	"harmful_to_minors": {Category: "STATEMENT_CATEGORY_PROTECTION_OF_MINORS", Keywords: []string{"KEYWORD_AGE_SPECIFIC_RESTRICTIONS_MINORS"},
		Rule: "talksafe Operation Policy: content harmful to minors", Explanation: "The content is harmful to minors, which the Operation Policy does not allow where minors can see it."},
	"spam": {Category: "STATEMENT_CATEGORY_OTHER_VIOLATION_TC", Keywords: []string{keywordOther}, KeywordOther: "Spam",
		Rule: "talksafe Operation Policy: spam", Explanation: "The content is spam: unsolicited, repeated or bulk messages, which the Operation Policy does not allow."},
	"other": {Category: "STATEMENT_CATEGORY_OTHER_VIOLATION_TC",
		Rule: "talksafe Operation Policy", Explanation: "The content breaks the Operation Policy."},
	PolicyFalseReporting: {Category: "STATEMENT_CATEGORY_OTHER_VIOLATION_TC", Keywords: []string{keywordOther},
		KeywordOther: "Misuse of the reporting system: manifestly unfounded reports (DSA Art. 23)",
		Rule:         "talksafe Operation Policy: false reporting", Explanation: "Reports were found manifestly unfounded after a prior warning, which the Operation Policy does not allow."},
	// Legal requests (legal_requests.content_kind).
	"illegally_filmed": {Category: "STATEMENT_CATEGORY_CYBER_VIOLENCE", Keywords: []string{"KEYWORD_NON_CONSENSUAL_IMAGE_SHARING"}, Illegal: true,
		Law:         "Republic of Korea: Telecommunications Business Act (전기통신사업법) Art. 22-5; Act on Special Cases Concerning the Punishment of Sexual Crimes (성폭력범죄의 처벌 등에 관한 특례법) Art. 14",
		Explanation: "A deletion request said the content was filmed or shared without the consent of the person filmed; the law requires its deletion."},
	"composite": {Category: "STATEMENT_CATEGORY_CYBER_VIOLENCE", Keywords: []string{"KEYWORD_NON_CONSENSUAL_MATERIAL_DEEPFAKE"}, Illegal: true,
		Law:         "Republic of Korea: Telecommunications Business Act (전기통신사업법) Art. 22-5; Act on Special Cases Concerning the Punishment of Sexual Crimes (성폭력범죄의 처벌 등에 관한 특례법) Art. 14-2",
		Explanation: "A deletion request said the content was a sexual image edited or composed from a person's features without consent; the law requires its deletion."},
	"child_abuse": {Category: "STATEMENT_CATEGORY_PROTECTION_OF_MINORS", Keywords: []string{"KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL"}, Illegal: true,
		Law:         "Republic of Korea: Telecommunications Business Act (전기통신사업법) Art. 22-5; Act on the Protection of Children and Youth against Sex Offenses (아동·청소년의 성보호에 관한 법률) Art. 11",
		Explanation: "A deletion request said the content was child sexual exploitation material; the law requires its deletion."},
	"privacy": {Category: "STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS", Illegal: true,
		Law:         "Republic of Korea: Network Act (정보통신망법) Art. 44-2 (temporary measure on a claimed infringement of privacy)",
		Explanation: "A person said the content infringes their privacy and asked for its deletion; the law has access to it blocked while the claim is weighed."},
	"reputation": {Category: "STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH", Keywords: []string{"KEYWORD_DEFAMATION"}, Illegal: true,
		Law:         "Republic of Korea: Network Act (정보통신망법) Art. 44-2 (temporary measure on a claimed defamation)",
		Explanation: "A person said the content defames them and asked for its deletion; the law has access to it blocked while the claim is weighed."},
}

// StatementMappingOf is code's mapping and whether the table has it.
func StatementMappingOf(code string) (StatementMapping, bool) {
	r, ok := statementReasons[code]
	return r, ok
}

// statementReason is code's mapping; an unknown code reads as "other".
func statementReason(code string) (string, StatementMapping) {
	if r, ok := statementReasons[code]; ok {
		return code, r
	}
	return string(ReasonOther), statementReasons[string(ReasonOther)]
}

// StatementBody is a statement as the API's submission endpoints take it:
// one element of the multiple-statements endpoint's "statements". Fields
// the API leaves optional are left out when empty.
type StatementBody struct {
	DecisionVisibility           []string `json:"decision_visibility,omitempty"`
	EndDateVisibilityRestriction string   `json:"end_date_visibility_restriction,omitempty"`
	DecisionProvision            string   `json:"decision_provision,omitempty"`
	EndDateServiceRestriction    string   `json:"end_date_service_restriction,omitempty"`
	DecisionAccount              string   `json:"decision_account,omitempty"`
	EndDateAccountRestriction    string   `json:"end_date_account_restriction,omitempty"`
	DecisionGround               string   `json:"decision_ground"`
	IllegalContentLegalGround    string   `json:"illegal_content_legal_ground,omitempty"`
	IllegalContentExplanation    string   `json:"illegal_content_explanation,omitempty"`
	IncompatibleContentGround    string   `json:"incompatible_content_ground,omitempty"`
	IncompatibleContentExpl      string   `json:"incompatible_content_explanation,omitempty"`
	Category                     string   `json:"category"`
	CategoryAddition             []string `json:"category_addition,omitempty"`
	CategorySpecification        []string `json:"category_specification,omitempty"`
	CategorySpecificationOther   string   `json:"category_specification_other,omitempty"`
	ContentType                  []string `json:"content_type"`
	ContentDate                  string   `json:"content_date"`
	ApplicationDate              string   `json:"application_date"`
	DecisionFacts                string   `json:"decision_facts"`
	SourceType                   string   `json:"source_type"`
	AutomatedDetection           string   `json:"automated_detection"`
	AutomatedDecision            string   `json:"automated_decision"`
	TerritorialScope             []string `json:"territorial_scope"`
	Puid                         string   `json:"puid"`
}

// StatementInput is a restrictive decision to state reasons for. Reason is
// a policy code (models.Reasons, false_reporting); with LegalRequestID the
// request's content kind and requester decide the reason and the source.
// Source "" is found from the case: its reports (a designated
// organisation's: SOURCE_TRUSTED_FLAGGER, else SOURCE_ARTICLE_16), none:
// SOURCE_VOLUNTARY. Detection is true for rules, text and hash banks; the
// case's own automated flags (applied rules, hash matches) count too.
type StatementInput struct {
	Kind        StatementKind
	UserID      int64 // the affected user: never in the body
	Reason      string
	SubjectType SubjectType // the content decided; "" when none (a reporting restriction)
	SubjectID   int64
	Scope       Scope      // restrictions: what was taken away
	EndsAt      *time.Time // a timed restriction or temporary block; nil: none or permanent
	Detection   bool
	Automated   string // AutomatedFully, AutomatedPartially or AutomatedNotAutomated ("": not automated)
	Source      string // "": found from the case or the legal request

	CaseID, DecisionID, RestrictionID, HideID, LegalRequestID *int64
}

// RecordStatement writes the statement of reasons for in inside tx, the
// transaction of the decision, and returns its id. The legal request flows
// call it for a temporary block (Kind StatementTemporaryBlock, EndsAt the
// block's end, LegalRequestID, SubjectType/SubjectID, UserID the author,
// CaseID if any); the decision steps, HidePendingReview and restrict call
// it for the rest.
func RecordStatement(tx *gorm.DB, in StatementInput) (int64, error) {
	if in.Automated == "" {
		in.Automated = AutomatedNotAutomated
	}
	if in.LegalRequestID != nil {
		var lr struct{ Kind, RequesterKind, ContentKind string }
		res := tx.Raw("SELECT kind, requester_kind, content_kind FROM legal_requests WHERE id = ?", *in.LegalRequestID).Scan(&lr)
		if res.Error != nil {
			return 0, res.Error
		}
		if res.RowsAffected == 0 {
			return 0, Errorf(Internal, "statement of reasons: no legal request %d", *in.LegalRequestID)
		}
		in.Reason = lr.ContentKind
		if in.Source == "" {
			in.Source = SourceArticle16
			if lr.Kind == "illegal_filming" && lr.RequesterKind == "organisation" {
				in.Source = SourceTrustedFlagger
			}
		}
	}
	var f struct {
		Now        time.Time
		Reports    bool
		Designated bool
		Flagged    bool
		Picture    bool
		Content    *time.Time
	}
	subject := "NULL::timestamptz"
	picture := "false"
	if in.SubjectType != "" {
		t := subjectTable(in.SubjectType)
		subject = "(SELECT created_at FROM " + t + " WHERE id = @subject)"
		picture = "EXISTS (SELECT 1 FROM " + t + " WHERE id = @subject AND picture_id IS NOT NULL)"
	}
	err := tx.Raw(`SELECT now() AS now,
			EXISTS (SELECT 1 FROM reports WHERE case_id = @case) AS reports,
			coalesce((SELECT designated_reporter FROM cases WHERE id = @case), false) AS designated,
			EXISTS (SELECT 1 FROM rule_runs WHERE case_id = @case AND applied AND NOT shadow AND action <> 'duplicate')
				OR EXISTS (SELECT 1 FROM hash_matches WHERE case_id = @case) AS flagged,
			`+picture+` OR EXISTS (SELECT 1 FROM hash_matches WHERE case_id = @case) AS picture,
			coalesce(`+subject+`, (SELECT max(created_at) FROM reports WHERE case_id = @case AND reporter_id = @user)) AS content`,
		map[string]any{"case": in.CaseID, "subject": in.SubjectID, "user": in.UserID}).Scan(&f).Error
	if err != nil {
		return 0, err
	}
	if in.Source == "" {
		switch {
		case f.Reports && f.Designated:
			in.Source = SourceTrustedFlagger
		case f.Reports:
			in.Source = SourceArticle16
		default:
			in.Source = SourceVoluntary
		}
	}
	in.Detection = in.Detection || f.Flagged
	code, reason := statementReason(in.Reason)
	body := statementBody(in, reason, f.Now, f.Content, f.Picture)
	var id int64
	if err := tx.Raw("SELECT nextval(pg_get_serial_sequence('statements', 'id'))").Scan(&id).Error; err != nil {
		return 0, err
	}
	body.Puid = statementPUID(in.Kind, id)
	raw, err := json.Marshal(body)
	if err != nil {
		return 0, err
	}
	return id, tx.Exec(`INSERT INTO statements (id, puid, kind, user_id, case_id, decision_id, restriction_id, hide_id, legal_request_id,
			decision_ground, category, source_type, automated_detection, automated_decision, body, reason, created_at)
		VALUES (?, ?, ?, nullif(?, 0), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, body.Puid, in.Kind, in.UserID, in.CaseID, in.DecisionID, in.RestrictionID, in.HideID, in.LegalRequestID,
		body.DecisionGround, body.Category, body.SourceType, in.Detection, body.AutomatedDecision, string(raw), code, f.Now).Error
}

// statementPUID is a statement's platform unique identifier: letters,
// digits, "-" and "_" only, as the API's pattern allows, and never a
// person's id.
func statementPUID(k StatementKind, id int64) string {
	return "talksafe-" + strings.ReplaceAll(string(k), "_", "-") + "-" + itoa(id)
}

// apiDay is the API's date format (YYYY-MM-DD), in UTC.
func apiDay(t time.Time) string { return t.UTC().Format("2006-01-02") }

// statementBody builds the API's statement for in: no names, no ids of
// people, no user-written words.
func statementBody(in StatementInput, r StatementMapping, now time.Time, content *time.Time, picture bool) StatementBody {
	b := StatementBody{Category: r.Category, CategoryAddition: r.Addition, CategorySpecification: r.Keywords,
		CategorySpecificationOther: r.KeywordOther, ContentType: []string{contentText}, ApplicationDate: apiDay(now),
		SourceType: in.Source, AutomatedDetection: "No", AutomatedDecision: in.Automated, TerritorialScope: StatementTerritories}
	if picture {
		b.ContentType = []string{contentImage, contentText}
	}
	if content == nil || content.After(now) {
		content = &now
	}
	b.ContentDate = apiDay(*content)
	if in.Detection {
		b.AutomatedDetection = "Yes"
	}
	if r.Illegal {
		b.DecisionGround, b.IllegalContentLegalGround, b.IllegalContentExplanation = GroundIllegal, r.Law, r.Explanation
	} else {
		b.DecisionGround, b.IncompatibleContentGround, b.IncompatibleContentExpl = GroundIncompatible, r.Rule, r.Explanation
	}
	end := ""
	if in.EndsAt != nil {
		end = apiDay(*in.EndsAt)
	}
	// The restriction's fields: a removal removes; a hide pending review
	// and a temporary block disable access (the block with its end); a
	// restriction of the whole account suspends the account; one of a
	// scope (posting, messaging) partially suspends the service; and a
	// reporting restriction (DSA Art. 23: notices not processed for a
	// time) has no field of its own in the API, so it is the closest one,
	// a partial suspension of the service, its category specification
	// saying what was misused. talksafe never terminates: a permanent
	// restriction is a suspension without an end date, open to appeal.
	switch in.Kind {
	case StatementRemove:
		b.DecisionVisibility = []string{visibilityRemoved}
	case StatementHide, StatementTemporaryBlock:
		b.DecisionVisibility, b.EndDateVisibilityRestriction = []string{visibilityDisabled}, end
	case StatementRestrictAccount, StatementRestrictReporting:
		if in.Scope == ScopeService {
			b.DecisionAccount, b.EndDateAccountRestriction = accountSuspended, end
		} else {
			b.DecisionProvision, b.EndDateServiceRestriction = provisionPartial, end
		}
	}
	b.DecisionFacts = statementFacts(in)
	return b
}

// statementFacts are the facts and circumstances of a statement in words:
// what was decided on what, from what source, how automated. Never a name,
// an id or the content itself.
func statementFacts(in StatementInput) string {
	what := map[SubjectType]string{SubjectPost: "A post on an Open Chat board", SubjectComment: "A comment on an Open Chat board post",
		SubjectMessage: "A reported message of a one-to-one chat"}[in.SubjectType]
	if what == "" {
		what = "Content"
	}
	scope := map[Scope]string{ScopePosting: "posting to Open Chat boards", ScopeMessaging: "sending chat messages",
		ScopeReporting: "filing reports", ScopeService: "the whole account"}[in.Scope]
	var s []string
	switch in.Kind {
	case StatementRemove:
		s = append(s, what+" was removed.")
	case StatementHide:
		s = append(s, what+" was hidden from everyone but its author while a moderator reviews it.")
	case StatementTemporaryBlock:
		s = append(s, what+" was temporarily blocked at the request of a person claiming an infringement of their rights (temporary measure); its author may object during the block.")
	case StatementRestrictAccount:
		s = append(s, "The account's use of the service was restricted: "+scope+".")
	case StatementRestrictReporting:
		s = append(s, "The account's reports are not processed for a time (DSA Art. 23): after a prior warning, a further report was found manifestly unfounded.")
	}
	switch in.Source {
	case SourceArticle16:
		s = append(s, "The decision followed a notice: a user's report or request.")
	case SourceTrustedFlagger:
		s = append(s, "The decision followed a notice from a designated organisation (trusted flagger).")
	default:
		s = append(s, "talksafe acted on its own initiative.")
	}
	if in.Detection {
		s = append(s, "Automated means (rules, text or picture hash banks) detected it.")
	}
	switch in.Automated {
	case AutomatedFully:
		s = append(s, "An automated rule decided without human review; the user may appeal and a moderator then reviews it.")
	case AutomatedPartially:
		s = append(s, "A moderator's finding was applied by an automated rule of the policy.")
	default:
		s = append(s, "A moderator decided.")
	}
	return strings.Join(s, " ")
}

// restrictionStatementKind is the statement kind of a restriction of scope.
func restrictionStatementKind(s Scope) StatementKind {
	if s == ScopeReporting {
		return StatementRestrictReporting
	}
	return StatementRestrictAccount
}
