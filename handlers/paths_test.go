package handlers_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"talksafe/handlers"
	"talksafe/models"
	"talksafe/views"
)

// built is one path a builder of views/paths.go makes, and the method the
// site uses it with.
type built struct {
	method, path string
}

// pathBuilders lists every exported path constant and builder of
// views/paths.go with the paths it builds. TestPathBuildersMeetRoutes fails
// on a builder missing here, and on a path that no route of that method
// takes.
var pathBuilders = map[string][]built{
	"HomePath":               {{"GET", views.HomePath}},
	"LoginPath":              {{"GET", views.LoginPath}, {"POST", views.LoginPath}},
	"SignupPath":             {{"GET", views.SignupPath}, {"POST", views.SignupPath}},
	"LogoutPath":             {{"POST", views.LogoutPath}},
	"PolicyPath":             {{"GET", views.PolicyPath}},
	"SafetyGuidePath":        {{"GET", views.SafetyGuidePath}},
	"AccountPath":            {{"GET", views.AccountPath}, {"POST", views.AccountPath}},
	"PasswordPath":           {{"GET", views.PasswordPath}, {"POST", views.PasswordPath}},
	"AccountPasswordPath":    {{"GET", views.AccountPasswordPath}},
	"FriendsPath":            {{"GET", views.FriendsPath}, {"POST", views.FriendsPath}},
	"SettingsPath":           {{"GET", views.SettingsPath}},
	"HiddenPath":             {{"GET", views.HiddenPath}},
	"BlockedPath":            {{"GET", views.BlockedPath}},
	"ChatsPath":              {{"GET", views.ChatsPath}, {"POST", views.ChatsPath}},
	"OpenChatsPath":          {{"GET", views.OpenChatsPath}},
	"MyReportsPath":          {{"GET", views.MyReportsPath}},
	"AdminStaffPath":         {{"GET", views.AdminStaffPath}, {"POST", views.AdminStaffPath}},
	"AdminAuditPath":         {{"GET", views.AdminAuditPath}},
	"AdminStatementsPath":    {{"GET", views.AdminStatementsPath}},
	"StatementsDownloadPath": {{"GET", views.StatementsDownloadPath(models.StatementFilter{From: "2026-11-01", To: "2026-11-30"}, 2)}},
	"OlderStatementsPath":    {{"GET", views.OlderStatementsPath(models.StatementFilter{From: "2026-11-01"}, 9)}},
	"SupportNewPath":         {{"GET", views.SupportNewPath}},
	"LoginNextPath":          {{"GET", views.LoginNextPath("/chats/1")}},

	"HideFriendPath":   {{"POST", views.HideFriendPath(1)}},
	"BlockPath":        {{"GET", views.BlockPath(1)}, {"POST", views.BlockPath(1)}},
	"UnhidePath":       {{"POST", views.UnhidePath(1)}},
	"DeleteFriendPath": {{"GET", views.DeleteFriendPath(1)}, {"POST", views.DeleteFriendPath(1)}},
	"UnblockPath":      {{"POST", views.UnblockPath(1)}},
	"BlockNextPath":    {{"GET", views.BlockNextPath(1, "/chats/2?x=1")}},

	"ChatPath":          {{"GET", views.ChatPath(1)}},
	"ChatMessagesPath":  {{"POST", views.ChatMessagesPath(1)}},
	"ChatExportPath":    {{"GET", views.ChatExportPath(1)}},
	"ChatLeavePath":     {{"GET", views.ChatLeavePath(1)}, {"POST", views.ChatLeavePath(1)}},
	"ChatDownloadPath":  {{"GET", views.ChatDownloadPath(1, "txt", "ko")}},
	"NewMessagesPath":   {{"GET", views.NewMessagesPath(1, 2, "2026-11-21")}},
	"ChatSendPath":      {{"GET", views.ChatSendPath(1)}},
	"OlderMessagesPath": {{"GET", views.OlderMessagesPath(1, 2)}},
	"SearchChatsPath": {{"GET", views.SearchChatsPath(models.ChatSearch{Query: "dave"},
		&models.ChatCursor{At: time.Unix(1, 0), RoomID: 2})}},

	"OpenChatPath":      {{"GET", views.OpenChatPath(1)}},
	"JoinOpenChatPath":  {{"POST", views.JoinOpenChatPath(1)}},
	"LeaveOpenChatPath": {{"POST", views.LeaveOpenChatPath(1)}},
	"NewPostPath":       {{"GET", views.NewPostPath(1)}},
	"CreatePostPath":    {{"POST", views.CreatePostPath(1)}},
	"PostPath":          {{"GET", views.PostPath(1)}},
	"EditPostPath":      {{"GET", views.EditPostPath(1)}, {"POST", views.EditPostPath(1)}},
	"DeletePostPath":    {{"GET", views.DeletePostPath(1)}, {"POST", views.DeletePostPath(1)}},
	"CommentsPath":      {{"POST", views.CommentsPath(1)}},
	"EditCommentPath":   {{"GET", views.EditCommentPath(1)}, {"POST", views.EditCommentPath(1)}},
	"DeleteCommentPath": {{"GET", views.DeleteCommentPath(1)}, {"POST", views.DeleteCommentPath(1)}},
	"OlderPostsPath":    {{"GET", views.OlderPostsPath(1, 2)}},
	"CommentOnPostPath": {{"GET", views.CommentOnPostPath(1, 2)}},
	"MoreCommentsPath":  {{"GET", views.MoreCommentsPath(1, 2)}},

	"ReportPath":         {{"GET", views.ReportPath(models.SubjectMessage, 1)}, {"POST", views.ReportPath(models.SubjectPost, 1)}},
	"ReportReceivedPath": {{"GET", views.ReportReceivedPath(1)}},
	"OlderMyReportsPath": {{"GET", views.OlderMyReportsPath(1)}},
	"MyReportPath":       {{"GET", views.MyReportPath(1)}},

	"LegalRequestsPath":      {{"GET", views.LegalRequestsPath}},
	"LegalRequestPath":       {{"GET", views.LegalRequestPath(models.SubjectMessage, 1)}, {"POST", views.LegalRequestPath(models.SubjectPost, 1)}},
	"OlderLegalRequestsPath": {{"GET", views.OlderLegalRequestsPath(1)}},
	"LegalObjectionPath":     {{"GET", views.LegalObjectionPath(models.SubjectPost, 1)}, {"POST", views.LegalObjectionPath(models.SubjectComment, 1)}},
	"ModLegalHidePath":       {{"POST", views.ModLegalHidePath(1)}},
	"ModLegalExtendPath":     {{"POST", views.ModLegalExtendPath(1)}},
	"ModLegalBlockPath":      {{"POST", views.ModLegalBlockPath(1)}},
	"NotifySupportPath":      {{"GET", views.NotifySupportPath(1)}},

	"VerifyPath":            {{"GET", views.VerifyPath}, {"POST", views.VerifyPath}},
	"MyExportsPath":         {{"GET", views.MyExportsPath}},
	"OlderMyExportsPath":    {{"GET", views.OlderMyExportsPath(1)}},
	"ExportCertificatePath": {{"GET", views.ExportCertificatePath(1)}},

	"MyTicketsPath":        {{"GET", views.MyTicketsPath}, {"POST", views.MyTicketsPath}},
	"SupportDeskPath":      {{"GET", views.SupportDeskPath}},
	"SavedRepliesPath":     {{"GET", views.SavedRepliesPath}, {"POST", views.SavedRepliesPath}},
	"NewSavedReplyPath":    {{"GET", views.NewSavedReplyPath}},
	"MyTicketPath":         {{"GET", views.MyTicketPath(1)}},
	"MyTicketMessagesPath": {{"POST", views.MyTicketMessagesPath(1)}},
	"MyTicketReopenPath":   {{"POST", views.MyTicketReopenPath(1)}},
	"OlderMyTicketsPath":   {{"GET", views.OlderMyTicketsPath(1)}},

	"DeskTicketPath":          {{"GET", views.DeskTicketPath(1)}},
	"DeskClaimPath":           {{"POST", views.DeskClaimPath(1)}},
	"DeskAssignPath":          {{"POST", views.DeskAssignPath(1)}},
	"DeskReplyPath":           {{"POST", views.DeskReplyPath(1)}},
	"DeskNotePath":            {{"POST", views.DeskNotePath(1)}},
	"DeskModerationPath":      {{"POST", views.DeskModerationPath(1)}},
	"DeskResolvePath":         {{"POST", views.DeskResolvePath(1)}},
	"DeskTakeOverPath":        {{"POST", views.DeskTakeOverPath(1)}},
	"DeskEvidencePath":        {{"GET", views.DeskEvidencePath(1, 2)}},
	"DeskInsertReplyPath":     {{"POST", views.DeskInsertReplyPath(1)}},
	"DeskRevealPath":          {{"POST", views.DeskRevealPath(1)}},
	"DeskQueuePath":           {{"GET", views.DeskQueuePath(models.DeskFilter{Linked: true, Newest: true}, 3)}},
	"NextDeskPath":            {{"GET", views.NextDeskPath(models.DeskFilter{State: models.TicketOpen}, 3)}},
	"EditSavedReplyPath":      {{"GET", views.EditSavedReplyPath(1)}, {"POST", views.EditSavedReplyPath(1)}},
	"DeleteSavedReplyPath":    {{"POST", views.DeleteSavedReplyPath(1)}},
	"OlderAuditFilterPath":    {{"GET", views.OlderAuditFilterPath(models.AuditFilter{Actor: "mod", SubjectID: 2}, 3)}},
	"StaffRolePath":           {{"POST", views.StaffRolePath(1)}},
	"StaffDeactivatePath":     {{"GET", views.StaffDeactivatePath(1)}, {"POST", views.StaffDeactivatePath(1)}},
	"StaffReactivatePath":     {{"POST", views.StaffReactivatePath(1)}},
	"AdminRetentionPath":      {{"GET", views.AdminRetentionPath}},
	"AdminHoldsPath":          {{"POST", views.AdminHoldsPath}},
	"HoldReleasePath":         {{"POST", views.HoldReleasePath(1)}},
	"AdminJobsPath":           {{"GET", views.AdminJobsPath}},
	"JobRetryPath":            {{"POST", views.JobRetryPath(1)}},
	"AdminTransparencyPath":   {{"GET", views.AdminTransparencyPath}},
	"TransparencyPath":        {{"GET", views.TransparencyPath("2026-10-01", "2026-10-31")}},
	"TransparencyPresetPath":  {{"GET", views.TransparencyPresetPath(models.PresetLastYear)}},
	"TransparencyCSVPath":     {{"GET", views.TransparencyCSVPath("kcc-reports", "2026-10-01", "2026-10-31")}},
	"TransparencyPersonPath":  {{"POST", views.TransparencyPersonPath}},
	"AdminBanksPath":          {{"GET", views.AdminBanksPath}, {"POST", views.AdminBanksPath}},
	"BankPath":                {{"GET", views.BankPath(1)}},
	"BankPagePath":            {{"GET", views.BankPagePath(1, 2)}},
	"BankEntriesPath":         {{"POST", views.BankEntriesPath(1)}},
	"BankEntryDeletePath":     {{"POST", views.BankEntryDeletePath(1, 2)}},
	"AdminHashBanksPath":      {{"GET", views.AdminHashBanksPath}, {"POST", views.AdminHashBanksPath}},
	"HashBankPath":            {{"GET", views.HashBankPath(1)}, {"POST", views.HashBankPath(1)}},
	"HashBankImportPath":      {{"POST", views.HashBankImportPath(1)}},
	"HashBankEntryDeletePath": {{"POST", views.HashBankEntryDeletePath(1, 2)}},
	"ModCaseHashBankPath":     {{"POST", views.ModCaseHashBankPath(1)}},
	"HashBankOlderPath":       {{"GET", views.HashBankOlderPath(1, 5)}},
	"AdminRulesPath":          {{"GET", views.AdminRulesPath}, {"POST", views.AdminRulesPath}},
	"RulePath":                {{"GET", views.RulePath(1)}, {"POST", views.RulePath(1)}},
	"RuleStatePath":           {{"POST", views.RuleStatePath(1)}},
	"ModUnhidePath":           {{"POST", views.ModUnhidePath(1)}},

	"ModQueuePath":          {{"GET", views.ModQueuePath}},
	"ModStartPath":          {{"POST", views.ModStartPath}},
	"ModBulkPath":           {{"POST", views.ModBulkPath}},
	"ModAppealsPath":        {{"GET", views.ModAppealsPath}},
	"ModStatsPath":          {{"GET", views.ModStatsPath}},
	"NoticesPath":           {{"GET", views.NoticesPath}},
	"NoticesReadPath":       {{"POST", views.NoticesReadPath}},
	"RestrictionsPath":      {{"GET", views.RestrictionsPath}},
	"ModCasePath":           {{"GET", views.ModCasePath(1)}},
	"ModClaimPath":          {{"POST", views.ModClaimPath(1)}},
	"ModReleasePath":        {{"POST", views.ModReleasePath(1)}},
	"ModDecidePath":         {{"POST", views.ModDecidePath(1)}},
	"ModRevealPath":         {{"POST", views.ModRevealPath(1)}},
	"ModReversePath":        {{"POST", views.ModReversePath(1)}},
	"ModPictureRevealPath":  {{"POST", views.ModPictureRevealPath(1, 2)}},
	"PicturePath":           {{"GET", views.PicturePath(1)}},
	"PictureThumbPath":      {{"GET", views.PictureThumbPath(1)}},
	"ModAppealPath":         {{"POST", views.ModAppealPath(1)}},
	"LiftRestrictionPath":   {{"POST", views.LiftRestrictionPath(1)}},
	"AppealRestrictionPath": {{"POST", views.AppealRestrictionPath(1)}},
	"ModReviewPath":         {{"GET", views.ModReviewPath(1)}},
	"ModQueueFilterPath":    {{"GET", views.ModQueueFilterPath(models.QueueFilter{Mine: true, Sort: models.SortOldest}, 3)}},
	"ModQueueNextPath":      {{"GET", views.ModQueueNextPath(models.QueueFilter{Sort: models.SortPriority}, 3)}},
	"ModBulkFilterPath":     {{"POST", views.ModBulkFilterPath(models.QueueFilter{Reason: "spam", Sort: models.SortPriority})}},
	"MoreAppealsPath":       {{"GET", views.MoreAppealsPath(1)}},
	"ComplaintPath": {{"GET", views.ComplaintPath(models.ComplainDecision, 1)}, {"POST", views.ComplaintPath(models.ComplainHide, 1)},
		{"POST", views.ComplaintPath(models.ComplainReport, 1)}},
	"ModComplaintPath":       {{"POST", views.ModComplaintPath(1)}},
	"MoreComplaintsPath":     {{"GET", views.MoreComplaintsPath(1)}},
	"AdminOrganisationsPath": {{"GET", views.AdminOrganisationsPath}, {"POST", views.AdminOrganisationsPath}},
	"EndDesignationPath":     {{"POST", views.EndDesignationPath(1)}},
	"OlderNoticesPath":       {{"GET", views.OlderNoticesPath(1)}},

	"LanguagePath": {{"POST", views.LanguagePath}},
}

// builderless are the routes no builder of views/paths.go leads to, and why.
var builderless = map[string]string{
	"GET /healthz":  "the load balancer's probe, linked from no page",
	"GET /readyz":   "the load balancer's probe, linked from no page",
	"GET /static/*": "static files are linked by static.Path, with their content hash",
}

// TestPathBuildersMeetRoutes ties the three places a URL pattern is
// written: every path constant and builder of views/paths.go is listed in
// pathBuilders, each path it builds is taken by a route of the router with
// its method, and every route of the router is reached by a builder or
// listed in builderless. (TestAuthorization ties the routes to
// routeAccess.)
func TestPathBuildersMeetRoutes(t *testing.T) {
	t.Parallel()
	e := handlers.New(nil, slog.New(slog.NewTextHandler(io.Discard, nil)), handlers.Config{SessionSecret: []byte(testSecret)})
	routes := map[string]bool{}
	for _, r := range e.Routes() {
		if r.Method != echo.RouteNotFound {
			routes[r.Method+" "+r.Path] = true
		}
	}
	if !routes["GET /mod/cases/:id"] {
		t.Fatal("the router has no moderation routes: is the test reading the right router?")
	}

	for _, name := range exportedPaths(t) {
		if _, ok := pathBuilders[name]; !ok {
			t.Errorf("views.%s is not in pathBuilders: list the paths it builds", name)
		}
	}
	reached := map[string]bool{}
	for name, paths := range pathBuilders {
		for _, b := range paths {
			route := resolve(e, b.method, b.path)
			if !routes[route] {
				t.Errorf("%s builds %s %s, which no route takes", name, b.method, b.path)
				continue
			}
			reached[route] = true
		}
	}
	for route := range routes {
		if _, ok := builderless[route]; !ok && !reached[route] {
			t.Errorf("route %s has no builder in views/paths.go: add one (and list it in pathBuilders), or say why in builderless", route)
		}
	}
	for route := range builderless {
		if !routes[route] {
			t.Errorf("builderless lists %s, which the router does not have", route)
		}
	}
}

// resolve is the route pattern the router finds for method and path (its
// query and fragment left out), prefixed with the method; a path no route
// takes resolves to something no route is.
func resolve(e *echo.Echo, method, path string) string {
	u, err := url.Parse(path)
	if err != nil {
		return "unparsable " + path
	}
	req, err := http.NewRequest(method, u.Path, nil)
	if err != nil {
		return "unparsable " + path
	}
	c := e.NewContext(req, nil)
	e.Router().Find(method, u.EscapedPath(), c)
	return method + " " + c.Path()
}

// exportedPaths are the names of the exported constants and functions of
// views/paths.go.
func exportedPaths(t *testing.T) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "../views/paths.go", nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil && d.Name.IsExported() {
				names = append(names, d.Name.Name)
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				if v, ok := s.(*ast.ValueSpec); ok {
					for _, n := range v.Names {
						if n.IsExported() {
							names = append(names, n.Name)
						}
					}
				}
			}
		}
	}
	if len(names) < 50 {
		t.Fatalf("read %d names from views/paths.go: is the parse reading the right file?", len(names))
	}
	return names
}
