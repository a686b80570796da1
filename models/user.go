package models

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"
)

// User is an account.
type User struct {
	ID            int64
	Name          string
	DisplayName   string
	PasswordHash  string `json:"-"`
	Role          Role
	TimeZone      string
	Language      string
	Demo          bool
	DeactivatedAt *time.Time // a deactivated staff account cannot log in
	DesignatedFields
	CreatedAt time.Time
	UpdatedAt time.Time
	// ServiceRestricted: a service restriction was in force when the
	// session loaded the user (SessionUser); not a column.
	ServiceRestricted bool `gorm:"-" json:"-"`

	// MustChangePassword: an admin set the password (a new staff account);
	// the account sets its own before it can use any other page.
	MustChangePassword bool

	// PictureBlur is how a moderator's evidence pictures under a non-severe
	// reason are blurred before they reveal one (BlurStrong, BlurLight);
	// severe reasons are always BlurStrong.
	PictureBlur string `gorm:"default:strong"`
}

// Location returns the user's time zone, Asia/Seoul when it is unknown.
func (u *User) Location() *time.Location {
	if loc, ok := loadLocation(u.TimeZone); ok {
		return loc
	}
	if loc, ok := loadLocation(DefaultTimeZone); ok {
		return loc
	}
	return time.FixedZone("KST", 9*3600)
}

var locations sync.Map // time zone name -> *time.Location

// loadLocation is time.LoadLocation with a cache: pages format many times.
func loadLocation(name string) (*time.Location, bool) {
	if loc, ok := locations.Load(name); ok {
		return loc.(*time.Location), true
	}
	loc, err := time.LoadLocation(name)
	if err != nil || name == "" {
		return nil, false
	}
	locations.Store(name, loc)
	return loc, true
}

// DefaultTimeZone is every new account's time zone.
const DefaultTimeZone = "Asia/Seoul"

// Password length bounds.
const (
	MinPasswordLen = 10
	MaxPasswordLen = 256
)

var nameRe = regexp.MustCompile(`^[a-z0-9][a-z0-9_.]{2,31}$`)

// NormalizeName trims and lower-cases a user name as typed.
func NormalizeName(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

// SignUp is the input of a new account.
type SignUp struct {
	Name        string
	DisplayName string
	Password    string
	Confirm     string
	Demo        bool
	IP          string // the client address of a sign-up from the web, for the look-up limit
	// Language is the new account's language: for a sign-up, the language
	// its page was shown in (anything but "en" or "ko" reads as "en"); for
	// a staff account, the admin's choice.
	Language string
}

// Validate checks the input and normalizes the name and display name.
func (s *SignUp) Validate() error {
	f := FieldErrors{}
	s.validate(f, RoleUser)
	return f.Err()
}

// validate checks the input for an account with role.
func (s *SignUp) validate(f FieldErrors, role Role) {
	s.Name = NormalizeName(s.Name)
	s.DisplayName = NormalizeDisplayName(s.DisplayName)
	switch {
	case s.Name == "":
		f.Add("name", "user.name_empty")
	case !nameRe.MatchString(s.Name):
		f.Add("name", "user.name_invalid")
	}
	if s.DisplayName == "" {
		s.DisplayName = s.Name
	}
	if !role.IsStaff() && !f.Has("name") && hasStaffWord(s.Name) {
		f.Add("name", "user.name_staff_word")
	}
	if p := DisplayNameProblem(s.DisplayName, role); p != "" && (s.DisplayName != s.Name || !f.Has("name")) {
		f.Add("display_name", p)
	}
	validatePassword(f, "password", s.Password, s.Name)
	if s.Confirm != s.Password {
		f.Add("confirm", "password.confirm_differs")
	}
}

func validatePassword(f FieldErrors, field, password, name string) {
	n := utf8.RuneCountInString(password)
	switch {
	case n < MinPasswordLen:
		f.Add(field, "password.too_short")
	case n > MaxPasswordLen:
		f.Add(field, "password.too_long")
	case name != "" && strings.EqualFold(password, name):
		f.Add(field, "password.is_name")
	}
}

// CreateUser validates s and stores a new user account (never staff: see
// CreateStaff). A sign-up with an IP counts as a look-up of its name from
// that address. Errors: Invalid (with fields), Conflict when the name is
// taken, Throttled (field "name") after too many look-ups from the address.
func CreateUser(ctx context.Context, db *gorm.DB, s SignUp) (*User, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if s.IP != "" {
		if err := countLookup(ctx, db, 0, s.IP); err != nil {
			return nil, err
		}
	}
	return insertUser(db.WithContext(ctx), s, RoleUser, false)
}

// insertUser stores a validated sign-up as an account with role; mustChange:
// the account sets its own password at its first log-in.
func insertUser(db *gorm.DB, s SignUp, role Role, mustChange bool) (*User, error) {
	hash, err := HashPassword(s.Password)
	if err != nil {
		return nil, err
	}
	lang := s.Language
	if _, ok := Languages[lang]; !ok {
		lang = "en"
	}
	u := &User{Name: s.Name, DisplayName: s.DisplayName, PasswordHash: hash, Role: role,
		TimeZone: DefaultTimeZone, Language: lang, Demo: s.Demo, MustChangePassword: mustChange}
	if err := db.Create(u).Error; err != nil {
		if isUniqueViolation(err) {
			e := Coded(Conflict, "user.name_taken")
			e.Fields = FieldErrors{"name": errMsg("user.name_taken_field")}
			return nil, e
		}
		return nil, err
	}
	return u, nil
}

// UserByID returns the account with id. Errors: NotFound.
func UserByID(ctx context.Context, db *gorm.DB, id int64) (*User, error) {
	var u User
	if err := db.WithContext(ctx).First(&u, id).Error; err != nil {
		return nil, notFound(err, "user.not_found")
	}
	return &u, nil
}

// UserByName returns the account named name. Errors: NotFound.
func UserByName(ctx context.Context, db *gorm.DB, name string) (*User, error) {
	var u User
	if err := db.WithContext(ctx).Where("name = ?", NormalizeName(name)).First(&u).Error; err != nil {
		return nil, notFound(err, "user.not_found_by_name")
	}
	return &u, nil
}

func isUniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "23505"
}

// Languages are the languages of the portal's exports, by code.
var Languages = map[string]string{"en": "English", "ko": "한국어 (Korean)"}

// UpdatePreferences sets the user's time zone (an IANA name such as
// Asia/Seoul) and language ("en" or "ko"). Errors: Invalid (with fields),
// NotFound.
func UpdatePreferences(ctx context.Context, db *gorm.DB, userID int64, timeZone, language string) error {
	f := FieldErrors{}
	timeZone = strings.TrimSpace(timeZone)
	if _, ok := loadLocation(timeZone); !ok || timeZone == "Local" {
		f.Add("time_zone", "settings.time_zone_invalid")
	}
	if _, ok := Languages[language]; !ok {
		f.Add("language", "settings.language_invalid")
	}
	if err := f.Err(); err != nil {
		return err
	}
	return updateUser(ctx, db, userID, map[string]any{"time_zone": timeZone, "language": language})
}

// UpdatePictureBlur sets how a moderator's or admin's evidence pictures
// under a non-severe reason are blurred before they reveal one (BlurStrong,
// BlurLight). Errors: Forbidden (not one who reads evidence), Invalid (field
// "picture_blur"), NotFound.
func UpdatePictureBlur(ctx context.Context, db *gorm.DB, actor *User, blur string) error {
	if actor == nil || !actor.Role.CanReadModeration() {
		return Coded(Forbidden, "case.staff_only")
	}
	if blur != BlurStrong && blur != BlurLight {
		return fieldError("picture_blur", "picture.blur_invalid")
	}
	return updateUser(ctx, db, actor.ID, map[string]any{"picture_blur": blur})
}

// UpdateLanguage sets the user's language ("en" or "ko"): the page's
// language switch of a logged-in account. Errors: Invalid (field
// "language"), NotFound.
func UpdateLanguage(ctx context.Context, db *gorm.DB, userID int64, language string) error {
	if _, ok := Languages[language]; !ok {
		return fieldError("language", "settings.language_invalid")
	}
	return updateUser(ctx, db, userID, map[string]any{"language": language})
}

// updateUser sets columns of account userID. Errors: NotFound.
func updateUser(ctx context.Context, db *gorm.DB, userID int64, columns map[string]any) error {
	columns["updated_at"] = time.Now()
	res := db.WithContext(ctx).Model(&User{}).Where("id = ?", userID).Updates(columns)
	if res.Error == nil && res.RowsAffected == 0 {
		return Coded(NotFound, "user.not_found")
	}
	return res.Error
}
