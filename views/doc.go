// Package views holds talksafe's templ pages: the layout and one file per
// feature area, mirroring handlers/. Shared pieces live in views/components.
package views
