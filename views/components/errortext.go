package components

import (
	"fmt"

	"talksafe/models"
)

// The words of errors. Models return coded errors with a catalog key and
// args (see models.Error); this catalog holds the sentence a person reads
// for each key, as a fmt format taking the args in order. A key that is not
// here is shown as it is: models code still writing sentences
// (models.Errorf, FieldErrors.Add with a sentence) reads as before. The
// Korean interface adds its own table beside this one.
var english = map[string]string{
	"account.restricted":           "Your account is restricted from %s %s (%s). See your notices to learn more or to appeal.",
	"appeal.already_appealed":      "You have already appealed this restriction; a restriction can be appealed once.",
	"appeal.body_empty":            "Say why the restriction should be lifted.",
	"appeal.body_too_long":         "Use at most 2,000 characters.",
	"appeal.no_such_restriction":   "We could not find that restriction on your account.",
	"appeal.not_in_force":          "That restriction is no longer in force, so there is nothing to appeal.",
	"block.already_blocked":        "%s is already blocked.",
	"block.not_blocked":            "They are not blocked.",
	"block.not_yourself":           "You cannot block yourself.",
	"chat.name_empty":              "Type the user name of the person to chat with.",
	"chat.not_found":               "No such chat.",
	"chat.not_yourself":            "You cannot chat with yourself.",
	"comment.not_found":            "There is no such comment, or it is in an Open Chat room you have not joined.",
	"comment.post_deleted":         "This post was deleted, so it takes no new comments.",
	"evidence.not_found":           "That report has no evidence.",
	"evidence.staff_only":          "Only staff can read evidence.",
	"form.invalid":                 "Please correct the fields marked below.",
	"http.internal":                "Something went wrong on our side. Please try again in a moment.",
	"http.method_not_allowed":      "That address does not take this kind of request.",
	"http.not_found":               "We could not find that page. It may have been removed, or the link may be wrong.",
	"http.too_large":               "What you sent is too large.",
	"http.unhandled":               "That request could not be handled.",
	"friend.add_already":           "%s is already your friend.",
	"friend.add_blocked":           "%s is blocked. Unblock them under Settings → Manage Friends → Blocked Friends first.",
	"friend.add_hidden":            "%s is already your friend, hidden. Unhide them under Settings → Manage Friends → Hidden Friends.",
	"friend.delete_not_hidden":     "They are not among your Hidden Friends. Hide a friend first, then delete them there.",
	"friend.name_empty":            "Type the user name of the person to add.",
	"friend.not_hidden":            "They are not among your Hidden Friends.",
	"friend.not_in_friends":        "They are not in your Friends list.",
	"friend.not_yourself":          "You cannot add yourself as a friend.",
	"login.bad_credentials":        "The user name or the password is not right.",
	"login.throttled":              "Too many failed log-ins. Try again in %s.",
	"message.empty":                "Write a message first.",
	"message.too_long":             "A message can have at most 4,000 characters; this one has %s.",
	"message.you_blocked":          "You blocked this person. Unblock them under Settings → Manage Friends → Blocked Friends to send messages.",
	"openchat.not_found":           "There is no such Open Chat room.",
	"password.confirm_differs":     "The two passwords are not the same.",
	"password.is_name":             "Do not use your user name as your password.",
	"password.not_current":         "That is not your current password.",
	"password.same_as_current":     "Choose a password other than the current one.",
	"password.too_long":            "Use at most 256 characters.",
	"password.too_short":           "Use at least 10 characters.",
	"person.not_found":             "No such person among your friends and chats.",
	"post.not_found":               "There is no such post, or it is in an Open Chat room you have not joined.",
	"report.already_reported":      "You already reported this. You can follow it under My reports.",
	"report.detail_too_long":       "Use at most 1,000 characters; this has %s.",
	"report.friend_not_reportable": "You can't report a message from your friends. Delete or block the friend first, then report the message.",
	"report.no_such_subject_type":  "There is nothing like that to report.",
	"report.not_found":             "No such report.",
	"report.not_yourself":          "You cannot report yourself.",
	"report.other_needs_detail":    "Other needs a sentence: describe what is wrong.",
	"report.reasons_empty":         "Check at least one of the Reasons for Reporting.",
	"report.reasons_unknown":       "Choose from the Reasons for Reporting listed.",
	"report.subject_not_found":     "That %s does not exist, or it is not one you can see.",
	"report.throttled":             "You have filed %d reports in the last hour, the most we take. Please try again later; if you are in danger, contact Customer Service or the police.",
	"settings.language_invalid":    "Choose English or Korean.",
	"settings.time_zone_invalid":   "Choose a time zone from the list, such as Asia/Seoul.",
	"staff.role_invalid":           "Choose moderator, support or admin.",
	"text.too_long":                "Use at most %s characters; this has %s.",
	"user.name_empty":              "Choose a user name.",
	"user.name_invalid":            "Use 3 to 32 letters, digits, dots or underscores, starting with a letter or digit.",
	"user.name_taken":              "That user name is taken.",
	"user.name_taken_field":        "That user name is taken. Try another.",
	"user.no_user_named":           "There is no user named %s.",
	"user.not_found":               "No such user.",
	"user.not_found_by_name":       "No user by that name.",
}

// ErrorText is the sentence a person reads for err; "" when err is not a
// domain error.
func ErrorText(err error) string {
	e := models.AsError(err)
	if e == nil {
		return ""
	}
	if e.Key == "" {
		return e.Message
	}
	return Text(e.Key, e.Args...)
}

// FieldText is the sentence of a form field's error: a key of the catalog
// (with its args, see models.FieldErrors.AddKey) or a sentence.
func FieldText(v string) string {
	key, args := models.SplitFieldKey(v)
	return Text(key, args...)
}

// Text words key with args; a key the catalog does not know is returned as
// it is.
func Text(key string, args ...any) string {
	format, ok := english[key]
	if !ok {
		return key
	}
	return fmt.Sprintf(format, args...)
}
