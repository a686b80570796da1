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
	"account.restricted":                        "Your account is restricted from %s %s (%s). See your notices to learn more or to appeal.",
	"appeal.have_already_appealed_restriction":  "You have already appealed this restriction; a restriction can be appealed once.",
	"appeal.restriction_no_longer_force":        "That restriction is no longer in force, so there is nothing to appeal.",
	"appeal.say_why_restriction_should":         "Say why the restriction should be lifted.",
	"appeal.use_at_most_characters":             "Use at most 2,000 characters.",
	"appeal.we_could_not_find":                  "We could not find that restriction on your account.",
	"chat.name_empty":                           "Type the user name of the person to chat with.",
	"chat.no_such_chat":                         "No such chat.",
	"chat.not_yourself":                         "You cannot chat with yourself.",
	"comment.no_such_comment_open":              "There is no such comment, or it is in an Open Chat room you have not joined.",
	"comment.post_was_deleted_so":               "This post was deleted, so it takes no new comments.",
	"evidence.only_staff_can_read":              "Only staff can read evidence.",
	"evidence.report_has_no_evidence":           "That report has no evidence.",
	"form.invalid":                              "Please correct the fields marked below.",
	"friend.add_already":                        "%s is already your friend.",
	"friend.add_blocked":                        "%s is blocked. Unblock them under Settings → Manage Friends → Blocked Friends first.",
	"friend.add_hidden":                         "%s is already your friend, hidden. Unhide them under Settings → Manage Friends → Hidden Friends.",
	"friend.name_empty":                         "Type the user name of the person to add.",
	"friend.not_hidden":                         "They are not among your Hidden Friends.",
	"friend.not_in_friends":                     "They are not in your Friends list.",
	"friend.not_yourself":                       "You cannot add yourself as a friend.",
	"friendship.already_blocked":                "%s is already blocked.",
	"friendship.cannot_block_yourself":          "You cannot block yourself.",
	"friendship.no_such_person_among":           "No such person among your friends and chats.",
	"friendship.they_are_not_among":             "They are not among your Hidden Friends.",
	"friendship.they_are_not_among2":            "They are not among your Hidden Friends. Hide a friend first, then delete them there.",
	"friendship.they_are_not_blocked":           "They are not blocked.",
	"login.bad_credentials":                     "The user name or the password is not right.",
	"login.choose_password_other_than":          "Choose a password other than the current one.",
	"login.not_current_password":                "That is not your current password.",
	"login.two_passwords_are_not":               "The two passwords are not the same.",
	"message.empty":                             "Write a message first.",
	"message.no_such_chat":                      "No such chat.",
	"message.too_long":                          "A message can have at most 4,000 characters; this one has %s.",
	"message.you_blocked":                       "You blocked this person. Unblock them under Settings → Manage Friends → Blocked Friends to send messages.",
	"myreports.no_such_report":                  "No such report.",
	"openchat.no_such_open_chat":                "There is no such Open Chat room.",
	"password.is_name":                          "Do not use your user name as your password.",
	"password.too_long":                         "Use at most 256 characters.",
	"password.too_short":                        "Use at least 10 characters.",
	"post.no_such_post_open":                    "There is no such post, or it is in an Open Chat room you have not joined.",
	"report.already_reported_can_follow":        "You already reported this. You can follow it under My reports.",
	"report.check_at_least_one":                 "Check at least one of the Reasons for Reporting.",
	"report.choose_from_reasons_for":            "Choose from the Reasons for Reporting listed.",
	"report.friend_not_reportable":              "You can't report a message from your friends. Delete or block the friend first, then report the message.",
	"report.have_filed_reports_last":            "You have filed %d reports in the last hour, the most we take. Please try again later; if you are in danger, contact Customer Service or the police.",
	"report.other_needs_sentence_describe":      "Other needs a sentence: describe what is wrong.",
	"report.use_at_most_characters":             "Use at most 1,000 characters; this has %s.",
	"report_target.already_reported_can_follow": "You already reported this. You can follow it under My reports.",
	"report_target.cannot_report_yourself":      "You cannot report yourself.",
	"report_target.does_not_exist_not":          "That %s does not exist, or it is not one you can see.",
	"report_target.nothing_like_report":         "There is nothing like that to report.",
	"staff.choose_moderator_support_admin":      "Choose moderator, support or admin.",
	"text.too_long":                             "Use at most %s characters; this has %s.",
	"throttle.too_many_failed_log":              "Too many failed log-ins. Try again in %s.",
	"user.choose_english_korean":                "Choose English or Korean.",
	"user.choose_time_zone_from":                "Choose a time zone from the list, such as Asia/Seoul.",
	"user.choose_user_name":                     "Choose a user name.",
	"user.name_taken":                           "That user name is taken.",
	"user.name_taken_field":                     "That user name is taken. Try another.",
	"user.no_such_user":                         "No such user.",
	"user.no_user_by_name":                      "No user by that name.",
	"user.no_user_named":                        "There is no user named %s.",
	"user.two_passwords_are_not":                "The two passwords are not the same.",
	"user.use_at_most_characters":               "Use at most 64 characters.",
	"user.use_letters_digits_dots":              "Use 3 to 32 letters, digits, dots or underscores, starting with a letter or digit.",
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
