package views

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"talksafe/models"
)

// auditSubjectPaths are the staff pages of the audit log's subjects, by
// subject type; a type without one is named and numbered, not linked.
var auditSubjectPaths = map[string]func(int64) string{
	"case":        ModCasePath,
	"ticket":      DeskTicketPath,
	"appeal":      ModAppealPath,
	"saved_reply": EditSavedReplyPath,
	"hash_bank":   HashBankPath,
}

// auditSubjectTypes are the subject types the log writes, each with a label
// in the catalog (admin.audit.subject.<type>).
var auditSubjectTypes = []string{"appeal", "case", "hash_bank", "hold", "job", "report", "restriction", "retention", "saved_reply", "ticket", "user"}

// auditSubjectPath is the staff page of an entry's subject, or "".
func auditSubjectPath(e models.AuditEntry) string {
	if e.SubjectID == nil {
		return ""
	}
	if p, ok := auditSubjectPaths[e.SubjectType]; ok {
		return p(*e.SubjectID)
	}
	return ""
}

// auditDetailKeys are the detail fields the log writes, each with a label
// in the catalog (admin.audit.field.<key>).
var auditDetailKeys = []string{"action", "added", "bad", "bank", "before", "case", "cases", "class", "contact", "count", "covered", "days", "decision", "decision_id", "distance", "duplicates", "ended", "false_reports", "from", "hash", "kind", "language", "matches", "message", "name", "note", "override_reason", "policy", "reason", "reasons", "removed", "replaced", "report", "reports", "restored", "restriction", "role", "scope", "sent_back", "snapshot", "source", "state", "strikes", "subject", "subject_type", "suggested", "ticket", "title", "to", "user", "via", "withdrawn"}

// auditField is one field of an entry's detail: its key (labelled when
// known), its value as text, and the staff page the value names, if any.
type auditField struct {
	Key, Value, Href string
	Known            bool
}

// auditFields reads an entry's detail: a JSON object's fields by key, or
// the detail as it stands when it is not an object.
func auditFields(detail json.RawMessage) ([]auditField, string) {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(detail, &obj); err != nil {
		var s string
		if json.Unmarshal(detail, &s) == nil {
			return nil, s
		}
		return nil, string(detail)
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	out := make([]auditField, 0, len(keys))
	for _, k := range keys {
		f := auditField{Key: k, Value: auditValue(obj[k]), Known: slices.Contains(auditDetailKeys, k)}
		var n int64
		if p, ok := auditSubjectPaths[k]; ok && json.Unmarshal(obj[k], &n) == nil && n > 0 {
			f.Href = p(n)
		}
		out = append(out, f)
	}
	return out, ""
}

// auditValue is a detail value as text: a string as it is, a list joined
// by commas, anything else as JSON.
func auditValue(raw json.RawMessage) string {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return string(raw)
	}
	switch v := v.(type) {
	case string:
		return v
	case nil:
		return "—"
	case []any:
		parts := make([]string, len(v))
		for i, x := range v {
			b, _ := json.Marshal(x)
			parts[i] = strings.Trim(string(b), `"`)
		}
		return strings.Join(parts, ", ")
	case float64:
		return fmt.Sprint(v)
	}
	var b bytes.Buffer
	_ = json.Compact(&b, raw)
	return b.String()
}
