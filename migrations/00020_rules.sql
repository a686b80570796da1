-- +goose Up
-- Automation rules (DOMAIN "Automation"). A rule is off, in shadow (it
-- logs what it would do and changes nothing) or on. Each edit of its
-- definition is a new version; the rule points to its current one. Rules
-- run in id order, on a report filed or a board post or comment written,
-- never on a 1:1 chat message as it is sent.
CREATE TABLE rules (
    id         bigserial PRIMARY KEY,
    state      text NOT NULL DEFAULT 'off' CHECK (state IN ('off', 'shadow', 'on')),
    version_id bigint,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE rule_versions (
    id         bigserial PRIMARY KEY,
    rule_id    bigint NOT NULL REFERENCES rules (id) ON DELETE CASCADE,
    version    integer NOT NULL CHECK (version >= 1),
    name       text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    trigger    text NOT NULL CHECK (trigger IN ('report', 'post')),
    conditions jsonb NOT NULL DEFAULT '{}',
    action     text NOT NULL CHECK (action IN ('hide', 'escalate', 'label', 'restrict', 'dismiss_duplicate')),
    label      text NOT NULL DEFAULT '',
    policy     text NOT NULL DEFAULT '',
    created_by bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (rule_id, version)
);
ALTER TABLE rules ADD FOREIGN KEY (version_id) REFERENCES rule_versions (id);
CREATE INDEX rules_active_idx ON rules (id) WHERE state <> 'off';

-- What a rule did (or, in shadow, would have done) on one event: each rule
-- version at most once per event. A run a moderator reversed (the hide
-- ended, the decision reversed) is not repeated on its subject by the same
-- version.
CREATE TABLE rule_runs (
    id              bigserial PRIMARY KEY,
    rule_id         bigint NOT NULL REFERENCES rules (id) ON DELETE CASCADE,
    rule_version_id bigint NOT NULL REFERENCES rule_versions (id) ON DELETE CASCADE,
    event           text NOT NULL,
    subject_type    text NOT NULL CHECK (subject_type IN ('post', 'comment', 'message')),
    subject_id      bigint NOT NULL,
    case_id         bigint REFERENCES cases (id) ON DELETE SET NULL,
    decision_id     bigint REFERENCES decisions (id) ON DELETE SET NULL,
    action          text NOT NULL,
    shadow          boolean NOT NULL,
    applied         boolean NOT NULL DEFAULT true,
    reversed_at     timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (rule_version_id, event)
);
CREATE INDEX rule_runs_rule_idx ON rule_runs (rule_id, id DESC);
CREATE INDEX rule_runs_subject_idx ON rule_runs (subject_type, subject_id) WHERE reversed_at IS NOT NULL;
CREATE INDEX rule_runs_decision_idx ON rule_runs (decision_id) WHERE decision_id IS NOT NULL;

-- Labels rules put on cases.
CREATE TABLE case_labels (
    case_id         bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    label           text NOT NULL CHECK (char_length(label) BETWEEN 1 AND 40),
    rule_version_id bigint REFERENCES rule_versions (id) ON DELETE SET NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (case_id, label)
);

-- A decision a rule took (restrict through the ladder, dismiss as a
-- duplicate) names the rule's version; its notices say it was automated.
ALTER TABLE decisions ADD COLUMN rule_version_id bigint REFERENCES rule_versions (id) ON DELETE SET NULL;
ALTER TABLE notices ADD COLUMN automated boolean NOT NULL DEFAULT false;

-- +goose Down
ALTER TABLE notices DROP COLUMN automated;
ALTER TABLE decisions DROP COLUMN rule_version_id;
DROP TABLE case_labels, rule_runs;
ALTER TABLE rules DROP COLUMN version_id;
DROP TABLE rule_versions, rules;
