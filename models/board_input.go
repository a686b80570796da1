package models

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// PostInput is what a user writes in a post.
type PostInput struct {
	Title string
	Body  string
	// Picture is the picture a new post carries (from PreparePicture; nil:
	// none); an edit keeps the post's picture.
	Picture *NewPicture
}

// Validate checks the input and normalizes it: trimmed, one line of title,
// line breaks as "\n".
func (in *PostInput) Validate() error {
	f := FieldErrors{}
	in.Title = strings.Join(strings.Fields(cleanText(in.Title)), " ")
	in.Body = strings.TrimSpace(cleanText(in.Body))
	checkLength(f, "title", in.Title, MaxPostTitleLen, "board.title_empty")
	checkLength(f, "body", in.Body, MaxPostBodyLen, "board.body_empty")
	return f.Err()
}

// CommentInput is what a user writes in a comment.
type CommentInput struct {
	Body string
	// Picture is the picture a new comment carries (nil: none).
	Picture *NewPicture
}

// Validate checks the input and normalizes it: trimmed, line breaks as "\n".
func (in *CommentInput) Validate() error {
	f := FieldErrors{}
	in.Body = strings.TrimSpace(cleanText(in.Body))
	checkLength(f, "body", in.Body, MaxCommentLen, "board.body_empty")
	return f.Err()
}

// cleanText makes s storable text: valid UTF-8, no NUL, "\n" line breaks.
func cleanText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\x00", "")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}

func checkLength(f FieldErrors, field, s string, limit int, empty string) {
	n := utf8.RuneCountInString(s)
	switch {
	case n == 0:
		f.Add(field, empty)
	case n > limit:
		f.Add(field, "text.too_long", thousands(limit), thousands(n))
	}
}

// thousands writes n with comma separators: 10000 → "10,000".
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
