package models

import (
	"bytes"
	"encoding/json"
)

// Msg is words for a person, as a value: the id of a message in the
// catalog (views/components/locales) and the values its sentence takes, in
// order. An arg that is itself words is a Msg, worded in the reader's
// language with the sentence around it; any other arg is printed as it is
// (a name, a number, a date). Models return Msgs inside errors; handlers
// flash them; the view layer words them where the page's language is known
// (components.Word). Where a Msg crosses a cookie it travels as JSON.
type Msg struct {
	Key  string `json:"k"`
	Args []any  `json:"a,omitempty"`
}

// NewMsg is the message id with args.
func NewMsg(id string, args ...any) Msg { return Msg{Key: id, Args: args} }

// IsZero reports whether m holds no words.
func (m Msg) IsZero() bool { return m.Key == "" }

// errMsg is the words of error key, the catalog's "error.<key>".
func errMsg(key string, args ...any) Msg { return Msg{Key: "error." + key, Args: args} }

// UnmarshalJSON reads a Msg as MarshalJSON wrote it: an arg that is an
// object is a nested Msg; a number stays as its text (json.Number).
func (m *Msg) UnmarshalJSON(b []byte) error {
	var raw struct {
		K string            `json:"k"`
		A []json.RawMessage `json:"a"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	m.Key, m.Args = raw.K, nil
	for _, a := range raw.A {
		var v any
		if a = bytes.TrimSpace(a); len(a) > 0 && a[0] == '{' {
			var n Msg
			if err := json.Unmarshal(a, &n); err != nil {
				return err
			}
			v = n
		} else {
			d := json.NewDecoder(bytes.NewReader(a))
			d.UseNumber()
			if err := d.Decode(&v); err != nil {
				return err
			}
		}
		m.Args = append(m.Args, v)
	}
	return nil
}
