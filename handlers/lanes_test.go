package handlers_test

import (
	"go/ast"
	"go/build/constraint"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestLanes keeps the two test lanes apart and whole: `make check` runs the
// tests built without tags, `make test` runs those and then, with the
// browser tag, the tests named TestBrowser. So a file that drives Chromium
// is built only with the browser tag, every test in such a file is named
// TestBrowser (or the browser lane would skip it), and no other test is (or
// it would run twice).
func TestLanes(t *testing.T) {
	t.Parallel()
	files := 0
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != ".." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly|parser.ParseComments)
		if err != nil {
			return err
		}
		browser := hasBuildTag(f, "browser")
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if strings.HasPrefix(p, "github.com/chromedp/") && !browser {
				t.Errorf("%s imports %s without //go:build browser: the fast lane would start Chromium", path, p)
			}
		}
		full, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		for _, decl := range full.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || !strings.HasPrefix(fn.Name.Name, "Test") || fn.Name.Name == "TestMain" {
				continue
			}
			named := strings.HasPrefix(fn.Name.Name, "TestBrowser")
			switch {
			case browser && !named:
				t.Errorf("%s: %s is built with the browser tag but not named TestBrowser...: no lane runs it", path, fn.Name.Name)
			case !browser && named:
				t.Errorf("%s: %s is named TestBrowser... without the browser tag: both lanes would run it", path, fn.Name.Name)
			}
		}
		files++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 10 {
		t.Fatalf("read %d test files: is the walk starting at the module's root?", files)
	}
}

// hasBuildTag reports whether f's //go:build line requires tag.
func hasBuildTag(f *ast.File, tag string) bool {
	for _, g := range f.Comments {
		if g.Pos() >= f.Package {
			break
		}
		for _, c := range g.List {
			if !constraint.IsGoBuild(c.Text) {
				continue
			}
			expr, err := constraint.Parse(c.Text)
			if err != nil {
				return false
			}
			return expr.Eval(func(t string) bool { return t == tag }) && !expr.Eval(func(string) bool { return false })
		}
	}
	return false
}
