-- +goose Up
-- The rule of our policy or the law's kind a statement of reasons is about
-- (a models.Reasons code, false_reporting, or a legal request's
-- content_kind), so that the affected user's notice says it in their own
-- language; the body keeps the API's English.
ALTER TABLE statements ADD COLUMN reason text NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE statements DROP COLUMN reason;
