package models

import "net/url"

// A list filter names its query parameters once (its Keys), reads them with
// its Parse function, which refuses unknown values, and writes them with
// its Values method, which leaves out what does not filter; the handler,
// the path builder and the filter form all use these. Parameters that are
// not a filter's (a page's cursor) are left to others.

// flagParam reads a check box's parameter: "1" is on, missing or "" off;
// ok is false for anything else.
func flagParam(q url.Values, key string) (on, ok bool) {
	switch q.Get(key) {
	case "":
		return false, true
	case "1":
		return true, true
	}
	return false, false
}

// setParam sets key to v in q unless v is empty.
func setParam(q url.Values, key, v string) {
	if v != "" {
		q.Set(key, v)
	}
}

// setFlag sets key to "1" in q when on.
func setFlag(q url.Values, key string, on bool) {
	if on {
		q.Set(key, "1")
	}
}
