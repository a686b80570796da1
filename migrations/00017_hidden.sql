-- +goose Up
-- Hidden pending review: a board post or comment that others do not see
-- while a case on it waits for a moderator; its author still sees it, with
-- a banner. What hid it is kept: a rule (source_id: its version), later a
-- hash-bank match or a legal request. A hide ends when a decision on the
-- case is taken (restored, or removed with the content) or a moderator
-- reverses it; ended rows stay as history. At most one hide in force per
-- subject, so concurrent reports hide it once.
CREATE TABLE hidden_content (
    id           bigserial PRIMARY KEY,
    subject_type text NOT NULL CHECK (subject_type IN ('post', 'comment')),
    subject_id   bigint NOT NULL,
    source       text NOT NULL CHECK (source IN ('rule', 'hash_bank', 'legal_request')),
    source_id    bigint,
    case_id      bigint REFERENCES cases (id) ON DELETE SET NULL,
    hidden_at    timestamptz NOT NULL DEFAULT now(),
    ended_at     timestamptz,
    ended_by     bigint REFERENCES users (id) ON DELETE SET NULL,
    outcome      text NOT NULL DEFAULT '' CHECK (outcome IN ('', 'restored', 'removed', 'reversed')),
    CHECK ((ended_at IS NULL) = (outcome = ''))
);
CREATE UNIQUE INDEX hidden_content_in_force_idx ON hidden_content (subject_type, subject_id) WHERE ended_at IS NULL;
CREATE INDEX hidden_content_case_idx ON hidden_content (case_id) WHERE case_id IS NOT NULL;

-- +goose Down
DROP TABLE hidden_content;
