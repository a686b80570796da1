package models_test

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// The EU DSA Transparency Database's validation of a submitted statement,
// as its public repository digital-services-act/transparency-database has
// it at commit 69e80a0bc8eb3cbfbe8246e898194c3bdf490a4b (2026-06-24):
// GroupedSubmissionsService::multi_rules (the multiple-statements endpoint,
// the same rules as StatementStoreRequest), the enums of app/Models/
// Statement.php and EuropeanCountriesService::EUROPEAN_COUNTRY_CODES.
// apiViolations returns the rules a statement breaks; it only knows the
// fields the API knows, and refuses any other (the API would drop it).

var (
	apiVisibilities = []string{"DECISION_VISIBILITY_CONTENT_REMOVED", "DECISION_VISIBILITY_CONTENT_DISABLED", "DECISION_VISIBILITY_CONTENT_DEMOTED",
		"DECISION_VISIBILITY_CONTENT_AGE_RESTRICTED", "DECISION_VISIBILITY_CONTENT_INTERACTION_RESTRICTED", "DECISION_VISIBILITY_CONTENT_LABELLED",
		"DECISION_VISIBILITY_OTHER"}
	apiMonetaries = []string{"DECISION_MONETARY_SUSPENSION", "DECISION_MONETARY_TERMINATION", "DECISION_MONETARY_OTHER"}
	apiProvisions = []string{"DECISION_PROVISION_PARTIAL_SUSPENSION", "DECISION_PROVISION_TOTAL_SUSPENSION",
		"DECISION_PROVISION_PARTIAL_TERMINATION", "DECISION_PROVISION_TOTAL_TERMINATION"}
	apiAccounts     = []string{"DECISION_ACCOUNT_SUSPENDED", "DECISION_ACCOUNT_TERMINATED"}
	apiAccountTypes = []string{"ACCOUNT_TYPE_BUSINESS", "ACCOUNT_TYPE_PRIVATE"}
	apiGrounds      = []string{"DECISION_GROUND_ILLEGAL_CONTENT", "DECISION_GROUND_INCOMPATIBLE_CONTENT"}
	apiContentTypes = []string{"CONTENT_TYPE_APP", "CONTENT_TYPE_AUDIO", "CONTENT_TYPE_IMAGE", "CONTENT_TYPE_PRODUCT", "CONTENT_TYPE_SYNTHETIC_MEDIA",
		"CONTENT_TYPE_TEXT", "CONTENT_TYPE_VIDEO", "CONTENT_TYPE_OTHER"}
	apiCategories = []string{"STATEMENT_CATEGORY_ANIMAL_WELFARE", "STATEMENT_CATEGORY_CONSUMER_INFORMATION", "STATEMENT_CATEGORY_CYBER_VIOLENCE",
		"STATEMENT_CATEGORY_CYBER_VIOLENCE_AGAINST_WOMEN", "STATEMENT_CATEGORY_DATA_PROTECTION_AND_PRIVACY_VIOLATIONS",
		"STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH", "STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS",
		"STATEMENT_CATEGORY_NEGATIVE_EFFECTS_ON_CIVIC_DISCOURSE_OR_ELECTIONS", "STATEMENT_CATEGORY_NOT_SPECIFIED_NOTICE",
		"STATEMENT_CATEGORY_OTHER_VIOLATION_TC", "STATEMENT_CATEGORY_PROTECTION_OF_MINORS", "STATEMENT_CATEGORY_RISK_FOR_PUBLIC_SECURITY",
		"STATEMENT_CATEGORY_SCAMS_AND_FRAUD", "STATEMENT_CATEGORY_SELF_HARM", "STATEMENT_CATEGORY_UNSAFE_AND_PROHIBITED_PRODUCTS",
		"STATEMENT_CATEGORY_VIOLENCE"}
	apiSources     = []string{"SOURCE_ARTICLE_16", "SOURCE_TRUSTED_FLAGGER", "SOURCE_TYPE_OTHER_NOTIFICATION", "SOURCE_VOLUNTARY"}
	apiAutomations = []string{"AUTOMATED_DECISION_FULLY", "AUTOMATED_DECISION_PARTIALLY", "AUTOMATED_DECISION_NOT_AUTOMATED"}
	apiDetections  = []string{"Yes", "No"}
	apiIllegals    = []string{"Yes", "No"}
	apiKeywords    = []string{"KEYWORD_ADULT_SEXUAL_MATERIAL", "KEYWORD_AGE_SPECIFIC_RESTRICTIONS", "KEYWORD_AGE_SPECIFIC_RESTRICTIONS_MINORS",
		"KEYWORD_ANIMAL_HARM", "KEYWORD_BIOMETRIC_DATA_BREACH", "KEYWORD_BULLYING_AGAINST_GIRLS", "KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL",
		"KEYWORD_CHILD_SEXUAL_ABUSE_MATERIAL_DEEPFAKE", "KEYWORD_CONTENT_PROMOTING_EATING_DISORDERS", "KEYWORD_COORDINATED_HARM",
		"KEYWORD_COPYRIGHT_INFRINGEMENT", "KEYWORD_CYBER_BULLYING_INTIMIDATION", "KEYWORD_CYBER_HARASSMENT", "KEYWORD_CYBER_HARASSMENT_AGAINST_WOMEN",
		"KEYWORD_CYBER_INCITEMENT", "KEYWORD_CYBER_STALKING", "KEYWORD_CYBER_STALKING_AGAINST_WOMEN", "KEYWORD_DATA_FALSIFICATION",
		"KEYWORD_DEFAMATION", "KEYWORD_DESIGN_INFRINGEMENT", "KEYWORD_DISCRIMINATION", "KEYWORD_FEMALE_GENDERED_DISINFORMATION",
		"KEYWORD_GEOGRAPHIC_INDICATIONS_INFRINGEMENT", "KEYWORD_GEOGRAPHICAL_REQUIREMENTS", "KEYWORD_GOODS_SERVICES_NOT_PERMITTED",
		"KEYWORD_GROOMING_SEXUAL_ENTICEMENT_MINORS", "KEYWORD_HATE_SPEECH", "KEYWORD_HIDDEN_ADVERTISEMENT", "KEYWORD_HUMAN_EXPLOITATION",
		"KEYWORD_HUMAN_TRAFFICKING", "KEYWORD_ILLEGAL_ORGANIZATIONS", "KEYWORD_IMPERSONATION_ACCOUNT_HIJACKING", "KEYWORD_INAUTHENTIC_ACCOUNTS",
		"KEYWORD_INAUTHENTIC_LISTINGS", "KEYWORD_INAUTHENTIC_USER_REVIEWS", "KEYWORD_INCITEMENT_AGAINST_WOMEN", "KEYWORD_INCITEMENT_VIOLENCE_HATRED",
		"KEYWORD_INSUFFICIENT_INFORMATION_ON_TRADERS", "KEYWORD_LANGUAGE_REQUIREMENTS", "KEYWORD_MISINFORMATION_DISINFORMATION",
		"KEYWORD_MISLEADING_INFO_CONSUMER_RIGHTS", "KEYWORD_MISLEADING_INFO_GOODS_SERVICES", "KEYWORD_MISSING_PROCESSING_GROUND",
		"KEYWORD_NON_CONSENSUAL_IMAGE_SHARING", "KEYWORD_NON_CONSENSUAL_IMAGE_SHARING_AGAINST_WOMEN", "KEYWORD_NON_CONSENSUAL_MATERIAL_DEEPFAKE",
		"KEYWORD_NON_CONSENSUAL_MATERIAL_DEEPFAKE_AGAINST_WOMEN", "KEYWORD_NONCOMPLIANCE_PRICING", "KEYWORD_NUDITY", "KEYWORD_PATENT_INFRINGEMENT",
		"KEYWORD_PHISHING", "KEYWORD_PROHIBITED_PRODUCTS", "KEYWORD_PYRAMID_SCHEMES", "KEYWORD_RIGHT_TO_BE_FORGOTTEN",
		"KEYWORD_RISK_ENVIRONMENTAL_DAMAGE", "KEYWORD_RISK_PUBLIC_HEALTH", "KEYWORD_SELF_MUTILATION", "KEYWORD_STALKING", "KEYWORD_SUICIDE",
		"KEYWORD_TERRORIST_CONTENT", "KEYWORD_TRADE_SECRET_INFRINGEMENT", "KEYWORD_TRADEMARK_INFRINGEMENT", "KEYWORD_TRAFFICKING_WOMEN_GIRLS",
		"KEYWORD_UNLAWFUL_SALE_ANIMALS", "KEYWORD_UNSAFE_CHALLENGES", "KEYWORD_UNSAFE_PRODUCTS", "KEYWORD_VIOLATION_EU_LAW",
		"KEYWORD_VIOLATION_NATIONAL_LAW", "KEYWORD_OTHER"}
	apiCountries = []string{"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IS", "IT", "LI", "LT",
		"LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK"}
	// puid: 'regex:/^[a-zA-Z0-9-_]+$/D' ("-" after a range is a literal).
	apiPUID = regexp.MustCompile(`^[a-zA-Z0-9\-_]+$`)
	// The fields multi_rules knows (any other is dropped by validated()).
	apiFields = []string{"decision_visibility", "decision_visibility_other", "decision_monetary", "decision_monetary_other", "decision_provision",
		"decision_account", "account_type", "category_specification", "category_specification_other", "decision_ground",
		"decision_ground_reference_url", "illegal_content_legal_ground", "illegal_content_explanation", "incompatible_content_ground",
		"incompatible_content_explanation", "incompatible_content_illegal", "content_type", "content_type_other", "category",
		"category_addition", "territorial_scope", "content_language", "content_date", "application_date", "end_date_account_restriction",
		"end_date_monetary_restriction", "end_date_service_restriction", "end_date_visibility_restriction", "decision_facts", "source_type",
		"source_identity", "automated_detection", "automated_decision", "puid", "content_id"}
)

// apiViolations checks statement s (decoded JSON) against the API's rules
// and names each rule it breaks as "field: rule".
func apiViolations(s map[string]any) []string {
	var out []string
	bad := func(field, rule string) { out = append(out, field+": "+rule) }
	present := func(f string) bool { v, ok := s[f]; return ok && v != nil && v != "" }
	str := func(f string) (string, bool) { v, ok := s[f].(string); return v, ok }
	list := func(f string) ([]string, bool) {
		raw, ok := s[f].([]any)
		if !ok {
			return nil, false
		}
		var l []string
		for _, x := range raw {
			v, ok := x.(string)
			if !ok {
				return nil, false
			}
			l = append(l, v)
		}
		return l, true
	}
	for f := range s {
		if !slices.Contains(apiFields, f) {
			bad(f, "unknown field")
		}
	}
	required := func(f string) {
		if !present(f) {
			bad(f, "required")
		}
	}
	in := func(f string, enum []string) {
		if !present(f) {
			return
		}
		if v, ok := str(f); !ok || !slices.Contains(enum, v) {
			bad(f, "in")
		}
	}
	inList := func(f string, enum []string) {
		if !present(f) {
			return
		}
		l, ok := list(f)
		if !ok {
			bad(f, "array")
			return
		}
		for _, v := range l {
			if !slices.Contains(enum, v) {
				bad(f, "in")
			}
		}
	}
	maxLen := func(f string, n int) {
		if v, ok := str(f); ok && utf8.RuneCountInString(v) > n {
			bad(f, "max")
		}
	}
	date := func(f, after, before string) {
		if !present(f) {
			return
		}
		v, _ := str(f)
		if _, err := time.Parse("2006-01-02", v); err != nil || len(v) != 10 {
			bad(f, "date_format")
			return
		}
		if (after != "" && v < after) || v > before {
			bad(f, "date range")
		}
	}
	// decision_*: at least one (required_without_all), each from its enum.
	if !present("decision_visibility") && !present("decision_monetary") && !present("decision_provision") && !present("decision_account") {
		bad("decision_visibility", "required_without_all")
	}
	inList("decision_visibility", apiVisibilities)
	if l, _ := list("decision_visibility"); slices.Contains(l, "DECISION_VISIBILITY_OTHER") {
		required("decision_visibility_other")
	}
	maxLen("decision_visibility_other", 500)
	in("decision_monetary", apiMonetaries)
	if v, _ := str("decision_monetary"); v == "DECISION_MONETARY_OTHER" {
		required("decision_monetary_other")
	}
	in("decision_provision", apiProvisions)
	in("decision_account", apiAccounts)
	in("account_type", apiAccountTypes)
	inList("category_specification", apiKeywords)
	maxLen("category_specification_other", 500)
	// decision_ground and its required_if / exclude_unless fields.
	required("decision_ground")
	in("decision_ground", apiGrounds)
	ground, _ := str("decision_ground")
	for f, n := range map[string]int{"illegal_content_legal_ground": 500, "illegal_content_explanation": 2000} {
		if ground == "DECISION_GROUND_ILLEGAL_CONTENT" {
			required(f)
		} else if present(f) {
			bad(f, "exclude_unless (dropped by the API)")
		}
		maxLen(f, n)
	}
	for f, n := range map[string]int{"incompatible_content_ground": 500, "incompatible_content_explanation": 2000} {
		if ground == "DECISION_GROUND_INCOMPATIBLE_CONTENT" {
			required(f)
		} else if present(f) {
			bad(f, "exclude_unless (dropped by the API)")
		}
		maxLen(f, n)
	}
	in("incompatible_content_illegal", apiIllegals)
	maxLen("decision_ground_reference_url", 500)
	// content_type, category.
	required("content_type")
	inList("content_type", apiContentTypes)
	if l, _ := list("content_type"); slices.Contains(l, "CONTENT_TYPE_OTHER") {
		required("content_type_other")
	}
	required("category")
	in("category", apiCategories)
	inList("category_addition", apiCategories)
	inList("territorial_scope", apiCountries)
	// Dates: Y-m-d.
	required("content_date")
	date("content_date", "2000-01-01", "2038-01-01")
	required("application_date")
	date("application_date", "2020-01-01", "2038-01-01")
	for _, f := range []string{"end_date_account_restriction", "end_date_monetary_restriction", "end_date_service_restriction", "end_date_visibility_restriction"} {
		date(f, "", "2038-01-01")
	}
	required("decision_facts")
	maxLen("decision_facts", 5000)
	required("source_type")
	in("source_type", apiSources)
	if v, _ := str("source_type"); v == "SOURCE_VOLUNTARY" && present("source_identity") {
		bad("source_identity", "exclude_if voluntary (dropped by the API)")
	}
	maxLen("source_identity", 500)
	required("automated_detection")
	in("automated_detection", apiDetections)
	required("automated_decision")
	in("automated_decision", apiAutomations)
	required("puid")
	maxLen("puid", 500)
	if v, _ := str("puid"); present("puid") && !apiPUID.MatchString(v) {
		bad("puid", "regex")
	}
	slices.Sort(out)
	return out
}

// decode is a statement body as the API reads it.
func decode(t *testing.T, raw string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// A valid statement, broken one rule at a time: apiViolations names each
// rule the statements rely on.
func TestStatementAPIRules(t *testing.T) {
	t.Parallel()
	valid := `{"decision_visibility":["DECISION_VISIBILITY_CONTENT_REMOVED"],"decision_ground":"DECISION_GROUND_INCOMPATIBLE_CONTENT",
		"incompatible_content_ground":"talksafe Operation Policy: spam","incompatible_content_explanation":"Spam.",
		"category":"STATEMENT_CATEGORY_OTHER_VIOLATION_TC","category_specification":["KEYWORD_OTHER"],"category_specification_other":"Spam",
		"content_type":["CONTENT_TYPE_TEXT"],"content_date":"2026-11-30","application_date":"2026-12-01","decision_facts":"A post was removed.",
		"source_type":"SOURCE_ARTICLE_16","automated_detection":"No","automated_decision":"AUTOMATED_DECISION_NOT_AUTOMATED",
		"territorial_scope":["DE","FR"],"puid":"talksafe-remove-1"}`
	if v := apiViolations(decode(t, valid)); len(v) != 0 {
		t.Fatalf("the valid statement breaks %v", v)
	}
	long := func(n int) string { return strings.Repeat("가", n) }
	for _, tc := range []struct {
		name string
		set  map[string]any // nil value: delete the field
		want string
	}{
		{"NoDecision", map[string]any{"decision_visibility": nil}, "decision_visibility: required_without_all"},
		{"VisibilityEnum", map[string]any{"decision_visibility": []any{"DECISION_VISIBILITY_HIDDEN"}}, "decision_visibility: in"},
		{"VisibilityIsArray", map[string]any{"decision_visibility": "DECISION_VISIBILITY_CONTENT_REMOVED"}, "decision_visibility: array"},
		{"VisibilityOther", map[string]any{"decision_visibility": []any{"DECISION_VISIBILITY_OTHER"}}, "decision_visibility_other: required"},
		{"ProvisionEnum", map[string]any{"decision_provision": "DECISION_PROVISION_PARTIAL"}, "decision_provision: in"},
		{"AccountEnum", map[string]any{"decision_account": "ACCOUNT_SUSPENDED"}, "decision_account: in"},
		{"KeywordEnum", map[string]any{"category_specification": []any{"KEYWORD_SPAM"}}, "category_specification: in"},
		{"KeywordOtherMax", map[string]any{"category_specification_other": long(501)}, "category_specification_other: max"},
		{"GroundRequired", map[string]any{"decision_ground": nil}, "decision_ground: required"},
		{"GroundEnum", map[string]any{"decision_ground": "DECISION_GROUND_TERMS"}, "decision_ground: in"},
		{"IncompatibleGroundRequiredIf", map[string]any{"incompatible_content_ground": nil}, "incompatible_content_ground: required"},
		{"IncompatibleExplanationRequiredIf", map[string]any{"incompatible_content_explanation": nil}, "incompatible_content_explanation: required"},
		{"IncompatibleGroundMax", map[string]any{"incompatible_content_ground": long(501)}, "incompatible_content_ground: max"},
		{"IncompatibleExplanationMax", map[string]any{"incompatible_content_explanation": long(2001)}, "incompatible_content_explanation: max"},
		{"IllegalGroundRequiredIf", map[string]any{"decision_ground": "DECISION_GROUND_ILLEGAL_CONTENT", "incompatible_content_ground": nil,
			"incompatible_content_explanation": nil, "illegal_content_explanation": "x"}, "illegal_content_legal_ground: required"},
		{"IllegalExplanationRequiredIf", map[string]any{"decision_ground": "DECISION_GROUND_ILLEGAL_CONTENT", "incompatible_content_ground": nil,
			"incompatible_content_explanation": nil, "illegal_content_legal_ground": "x"}, "illegal_content_explanation: required"},
		{"IllegalFieldsExcludedUnless", map[string]any{"illegal_content_legal_ground": "x"}, "illegal_content_legal_ground: exclude_unless (dropped by the API)"},
		{"ContentTypeRequired", map[string]any{"content_type": nil}, "content_type: required"},
		{"ContentTypeEnum", map[string]any{"content_type": []any{"CONTENT_TYPE_PICTURE"}}, "content_type: in"},
		{"CategoryRequired", map[string]any{"category": nil}, "category: required"},
		{"CategoryEnum", map[string]any{"category": "STATEMENT_CATEGORY_SPAM"}, "category: in"},
		{"CategoryAdditionEnum", map[string]any{"category_addition": []any{"CYBER_VIOLENCE"}}, "category_addition: in"},
		{"TerritoryEnum", map[string]any{"territorial_scope": []any{"KR"}}, "territorial_scope: in"},
		{"ContentDateRequired", map[string]any{"content_date": nil}, "content_date: required"},
		{"ContentDateFormat", map[string]any{"content_date": "2026-11-30T10:00:00Z"}, "content_date: date_format"},
		{"ContentDateFormatDay", map[string]any{"content_date": "30-11-2026"}, "content_date: date_format"},
		{"ContentDateRange", map[string]any{"content_date": "1999-12-31"}, "content_date: date range"},
		{"ApplicationDateRequired", map[string]any{"application_date": nil}, "application_date: required"},
		{"ApplicationDateRange", map[string]any{"application_date": "2019-12-31"}, "application_date: date range"},
		{"EndDateFormat", map[string]any{"end_date_account_restriction": "2026/12/08"}, "end_date_account_restriction: date_format"},
		{"EndDateRange", map[string]any{"end_date_visibility_restriction": "2038-01-02"}, "end_date_visibility_restriction: date range"},
		{"FactsRequired", map[string]any{"decision_facts": nil}, "decision_facts: required"},
		{"FactsMax", map[string]any{"decision_facts": long(5001)}, "decision_facts: max"},
		{"SourceRequired", map[string]any{"source_type": nil}, "source_type: required"},
		{"SourceEnum", map[string]any{"source_type": "SOURCE_RULES"}, "source_type: in"},
		{"SourceIdentityVoluntary", map[string]any{"source_type": "SOURCE_VOLUNTARY", "source_identity": "x"}, "source_identity: exclude_if voluntary (dropped by the API)"},
		{"DetectionEnum", map[string]any{"automated_detection": "true"}, "automated_detection: in"},
		{"DetectionRequired", map[string]any{"automated_detection": nil}, "automated_detection: required"},
		{"DecisionEnum", map[string]any{"automated_decision": "AUTOMATED_DECISION_YES"}, "automated_decision: in"},
		{"DecisionRequired", map[string]any{"automated_decision": nil}, "automated_decision: required"},
		{"PUIDRequired", map[string]any{"puid": nil}, "puid: required"},
		{"PUIDPattern", map[string]any{"puid": "talksafe/remove/1"}, "puid: regex"},
		{"PUIDPatternSpace", map[string]any{"puid": "talksafe remove 1"}, "puid: regex"},
		{"PUIDMax", map[string]any{"puid": strings.Repeat("a", 501)}, "puid: max"},
		{"UnknownField", map[string]any{"user_id": 7}, "user_id: unknown field"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := decode(t, valid)
			for k, v := range tc.set {
				if v == nil {
					delete(s, k)
				} else {
					s[k] = v
				}
			}
			if got := apiViolations(s); !slices.Contains(got, tc.want) {
				t.Fatalf("violations = %v, want %q among them", got, tc.want)
			}
		})
	}
}
