-- +goose Up
-- The law a messenger answers to: designated organisations, legal requests
-- (illegal-filming deletion requests and temporary measures), statements of
-- reasons and complaints. The tables every part of the work reads; each
-- part's own columns come in its own later migration.

-- A designated organisation is an account an admin marks as one: a body the
-- KCC designates for illegally filmed content (전기통신사업법 22-5) or an EU
-- trusted flagger (DSA Art. 22). Their reports and requests come first after
-- escalations and are counted apart.
ALTER TABLE users
    ADD COLUMN designation text CHECK (designation IN ('kcc_body', 'trusted_flagger')),
    ADD COLUMN designated_at timestamptz,
    ADD COLUMN designated_by bigint REFERENCES users (id) ON DELETE SET NULL,
    ADD CONSTRAINT users_designation_role_check CHECK (designation IS NULL OR role = 'user');

-- The queue's order (models/queue.go) gains two steps: after escalated
-- cases come cases carrying a legal request (legal_request, set when one is
-- filed), then cases with a report from a designated organisation
-- (designated_reporter, kept by the reports trigger), then severity and
-- weight as before. rank is rebuilt with them; its indexes with it.
ALTER TABLE cases
    ADD COLUMN legal_request boolean NOT NULL DEFAULT false,
    ADD COLUMN designated_reporter boolean NOT NULL DEFAULT false;
ALTER TABLE cases DROP COLUMN rank;
ALTER TABLE cases ADD COLUMN rank double precision GENERATED ALWAYS AS (
    -((CASE WHEN escalated_at IS NOT NULL THEN 400000 ELSE 0 END)
      + (CASE WHEN legal_request THEN 200000 ELSE 0 END)
      + (CASE WHEN designated_reporter THEN 100000 ELSE 0 END)
      + severity * 10000 + least(weight, 9999))
) STORED;
CREATE INDEX cases_priority_idx ON cases (rank, created_at, id) WHERE state <> 'resolved';
CREATE INDEX cases_reason_sexual_exploitation_idx ON cases (rank, created_at, id) WHERE state <> 'resolved' AND 'sexual_exploitation' = ANY (reasons);
CREATE INDEX cases_reason_threat_idx ON cases (rank, created_at, id) WHERE state <> 'resolved' AND 'threat' = ANY (reasons);
CREATE INDEX cases_reason_self_harm_idx ON cases (rank, created_at, id) WHERE state <> 'resolved' AND 'self_harm' = ANY (reasons);
CREATE INDEX cases_reason_personal_info_idx ON cases (rank, created_at, id) WHERE state <> 'resolved' AND 'personal_info' = ANY (reasons);
CREATE INDEX cases_reason_obscene_idx ON cases (rank, created_at, id) WHERE state <> 'resolved' AND 'obscene' = ANY (reasons);
CREATE INDEX cases_reason_illegal_gambling_idx ON cases (rank, created_at, id) WHERE state <> 'resolved' AND 'illegal_gambling' = ANY (reasons);
CREATE INDEX cases_reason_fraud_idx ON cases (rank, created_at, id) WHERE state <> 'resolved' AND 'fraud' = ANY (reasons);
CREATE INDEX cases_reason_harassment_idx ON cases (rank, created_at, id) WHERE state <> 'resolved' AND 'harassment' = ANY (reasons);
CREATE INDEX cases_reason_hate_idx ON cases (rank, created_at, id) WHERE state <> 'resolved' AND 'hate' = ANY (reasons);
CREATE INDEX cases_reason_harmful_to_minors_idx ON cases (rank, created_at, id) WHERE state <> 'resolved' AND 'harmful_to_minors' = ANY (reasons);
CREATE INDEX cases_reason_spam_idx ON cases (rank, created_at, id) WHERE state <> 'resolved' AND 'spam' = ANY (reasons);
CREATE INDEX cases_reason_other_idx ON cases (rank, created_at, id) WHERE state <> 'resolved' AND 'other' = ANY (reasons);
CREATE INDEX cases_state_priority_idx ON cases (state, rank, created_at, id);

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION cases_add_reporter_weight() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE cases SET weight = weight + reporter_weight(NEW.reporter_id),
        reasons = ARRAY(SELECT DISTINCT x FROM unnest(reasons || NEW.reasons) x ORDER BY x),
        designated_reporter = designated_reporter
            OR EXISTS (SELECT 1 FROM users WHERE id = NEW.reporter_id AND designation IS NOT NULL)
    WHERE id = NEW.case_id;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- A legal request about one board post or comment (content circulated
-- publicly; private 1:1 chats are out of the law's scope).
--   illegal_filming: a deletion request (전기통신사업법 22-5) from the
--     victim or a designated organisation; answered within 14 days of
--     created_at (deadline_at), which may be extended once with a reason.
--   temporary_measure: 임시조치 (정보통신망법 44-2) asked by a person whose
--     privacy or reputation the content infringes; removed, blocked for up
--     to 30 days (block_until), or refused. The author may object while it
--     is blocked; undecided, it is restored by itself at block_until.
-- The request rides on a case (case_id) so that it is worked in the queue
-- with the same evidence; the row is the law's record, kept 3 years
-- (retention class legal_requests) even when the case is purged.
CREATE TABLE legal_requests (
    id               bigserial PRIMARY KEY,
    kind             text NOT NULL CHECK (kind IN ('illegal_filming', 'temporary_measure')),
    requester_id     bigint REFERENCES users (id) ON DELETE SET NULL,
    requester_kind   text NOT NULL CHECK (requester_kind IN ('victim', 'organisation')),
    subject_type     text NOT NULL CHECK (subject_type IN ('post', 'comment')),
    subject_id       bigint NOT NULL,
    author_id        bigint REFERENCES users (id) ON DELETE SET NULL,
    case_id          bigint REFERENCES cases (id) ON DELETE SET NULL,
    report_id        bigint REFERENCES reports (id) ON DELETE SET NULL,
    -- What the requester says the content is: for illegal_filming
    -- 'illegally_filmed', 'composite', 'child_abuse'; for
    -- temporary_measure 'privacy', 'reputation'.
    content_kind     text NOT NULL CHECK (content_kind IN ('illegally_filmed', 'composite', 'child_abuse', 'privacy', 'reputation')),
    explanation      text NOT NULL CHECK (char_length(explanation) BETWEEN 1 AND 2000),
    -- pending: waiting for a decision; blocked: a temporary measure in
    -- force until block_until; decided: outcome says how it ended.
    state            text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'blocked', 'decided')),
    deadline_at      timestamptz,
    extended_at      timestamptz,
    extended_by      bigint REFERENCES users (id) ON DELETE SET NULL,
    extension_reason text NOT NULL DEFAULT '' CHECK (char_length(extension_reason) <= 1000),
    -- removed: the content removed; refused: nothing done; restored: a
    -- temporary block ended with the content shown again (a moderator's
    -- decision after an objection, or the end of the period).
    outcome          text NOT NULL DEFAULT '' CHECK (outcome IN ('', 'removed', 'refused', 'restored')),
    outcome_note     text NOT NULL DEFAULT '' CHECK (char_length(outcome_note) <= 2000),
    decision_id      bigint REFERENCES decisions (id) ON DELETE SET NULL,
    decided_by       bigint REFERENCES users (id) ON DELETE SET NULL,
    decided_at       timestamptz,
    blocked_at       timestamptz,
    block_until      timestamptz,
    objection        text NOT NULL DEFAULT '' CHECK (char_length(objection) <= 2000),
    objected_at      timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CHECK ((state = 'decided') = (outcome <> '')),
    CHECK (kind = 'illegal_filming' OR (deadline_at IS NULL AND extended_at IS NULL)),
    CHECK (kind = 'temporary_measure' OR (block_until IS NULL AND objected_at IS NULL)),
    CHECK (kind = 'illegal_filming' OR content_kind IN ('privacy', 'reputation')),
    CHECK (kind = 'temporary_measure' OR content_kind IN ('illegally_filmed', 'composite', 'child_abuse')),
    CHECK (block_until IS NULL OR (blocked_at IS NOT NULL AND block_until > blocked_at AND block_until <= blocked_at + interval '30 days'))
);
CREATE INDEX legal_requests_open_idx ON legal_requests (kind, deadline_at) WHERE state <> 'decided';
CREATE INDEX legal_requests_block_idx ON legal_requests (block_until) WHERE state = 'blocked';
CREATE INDEX legal_requests_case_idx ON legal_requests (case_id) WHERE case_id IS NOT NULL;
CREATE INDEX legal_requests_requester_idx ON legal_requests (requester_id, created_at DESC);
CREATE INDEX legal_requests_created_idx ON legal_requests (created_at);

-- A statement of reasons (EU DSA Art. 17) for each restrictive decision:
-- a removal, a hide pending review, a temporary block, an account or
-- reporting restriction. body is the statement exactly as the DSA
-- Transparency Database's submission API takes it (no personal data); the
-- other columns are what talksafe counts and finds it by. user_id (the
-- affected user) never leaves talksafe.
CREATE TABLE statements (
    id                  bigserial PRIMARY KEY,
    puid                text NOT NULL UNIQUE,
    kind                text NOT NULL CHECK (kind IN ('remove', 'hide', 'temporary_block', 'restrict_account', 'restrict_reporting')),
    user_id             bigint REFERENCES users (id) ON DELETE SET NULL,
    case_id             bigint REFERENCES cases (id) ON DELETE SET NULL,
    decision_id         bigint REFERENCES decisions (id) ON DELETE SET NULL,
    restriction_id      bigint REFERENCES restrictions (id) ON DELETE SET NULL,
    hide_id             bigint REFERENCES hidden_content (id) ON DELETE SET NULL,
    legal_request_id    bigint REFERENCES legal_requests (id) ON DELETE SET NULL,
    decision_ground     text NOT NULL CHECK (decision_ground IN ('DECISION_GROUND_ILLEGAL_CONTENT', 'DECISION_GROUND_INCOMPATIBLE_CONTENT')),
    category            text NOT NULL,
    source_type         text NOT NULL,
    automated_detection boolean NOT NULL DEFAULT false,
    automated_decision  text NOT NULL,
    body                jsonb NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX statements_created_idx ON statements (created_at, id);
CREATE INDEX statements_decision_idx ON statements (decision_id) WHERE decision_id IS NOT NULL;
CREATE INDEX statements_user_idx ON statements (user_id, created_at DESC);

-- A complaint (DSA Art. 20) against a decision: by an affected user within
-- 6 months of its notice (a removal, hide or restriction: restrictions in
-- force keep their appeal too), or by a reporter, once, against a "no
-- violation" outcome of their report. A moderator other than the one who
-- decided judges it; a complaint upheld (for the complainant) reverses the
-- decision or sends the case back.
CREATE TABLE complaints (
    id               bigserial PRIMARY KEY,
    decision_id      bigint NOT NULL REFERENCES decisions (id) ON DELETE CASCADE,
    case_id          bigint REFERENCES cases (id) ON DELETE SET NULL,
    user_id          bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    by_reporter      boolean NOT NULL DEFAULT false,
    body             text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 2000),
    -- pending; granted: the complainant is right (the decision reversed or
    -- the case looked at again); rejected: the decision stands.
    state            text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'granted', 'rejected')),
    decided_by       bigint REFERENCES users (id) ON DELETE SET NULL,
    decided_at       timestamptz,
    decision_note    text NOT NULL DEFAULT '' CHECK (char_length(decision_note) <= 2000),
    created_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (decision_id, user_id),
    CHECK ((state = 'pending') = (decided_at IS NULL))
);
CREATE INDEX complaints_pending_idx ON complaints (created_at) WHERE state = 'pending';
CREATE INDEX complaints_created_idx ON complaints (created_at);

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION cases_add_reporter_weight() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE cases SET weight = weight + reporter_weight(NEW.reporter_id),
        reasons = ARRAY(SELECT DISTINCT x FROM unnest(reasons || NEW.reasons) x ORDER BY x)
    WHERE id = NEW.case_id;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
ALTER TABLE cases DROP COLUMN rank;
ALTER TABLE cases ADD COLUMN rank double precision GENERATED ALWAYS AS (
    -((CASE WHEN escalated_at IS NOT NULL THEN 100000 ELSE 0 END) + severity * 10000 + least(weight, 9999))
) STORED;
CREATE INDEX cases_priority_idx ON cases (rank, created_at, id) WHERE state <> 'resolved';
CREATE INDEX cases_reason_sexual_exploitation_idx ON cases (rank, created_at, id) WHERE state <> 'resolved' AND 'sexual_exploitation' = ANY (reasons);
CREATE INDEX cases_reason_threat_idx ON cases (rank, created_at, id) WHERE state <> 'resolved' AND 'threat' = ANY (reasons);
CREATE INDEX cases_reason_self_harm_idx ON cases (rank, created_at, id) WHERE state <> 'resolved' AND 'self_harm' = ANY (reasons);
CREATE INDEX cases_reason_personal_info_idx ON cases (rank, created_at, id) WHERE state <> 'resolved' AND 'personal_info' = ANY (reasons);
CREATE INDEX cases_reason_obscene_idx ON cases (rank, created_at, id) WHERE state <> 'resolved' AND 'obscene' = ANY (reasons);
CREATE INDEX cases_reason_illegal_gambling_idx ON cases (rank, created_at, id) WHERE state <> 'resolved' AND 'illegal_gambling' = ANY (reasons);
CREATE INDEX cases_reason_fraud_idx ON cases (rank, created_at, id) WHERE state <> 'resolved' AND 'fraud' = ANY (reasons);
CREATE INDEX cases_reason_harassment_idx ON cases (rank, created_at, id) WHERE state <> 'resolved' AND 'harassment' = ANY (reasons);
CREATE INDEX cases_reason_hate_idx ON cases (rank, created_at, id) WHERE state <> 'resolved' AND 'hate' = ANY (reasons);
CREATE INDEX cases_reason_harmful_to_minors_idx ON cases (rank, created_at, id) WHERE state <> 'resolved' AND 'harmful_to_minors' = ANY (reasons);
CREATE INDEX cases_reason_spam_idx ON cases (rank, created_at, id) WHERE state <> 'resolved' AND 'spam' = ANY (reasons);
CREATE INDEX cases_reason_other_idx ON cases (rank, created_at, id) WHERE state <> 'resolved' AND 'other' = ANY (reasons);
CREATE INDEX cases_state_priority_idx ON cases (state, rank, created_at, id);
ALTER TABLE cases DROP COLUMN designated_reporter, DROP COLUMN legal_request;
DROP TABLE complaints, statements, legal_requests;
ALTER TABLE users DROP CONSTRAINT users_designation_role_check,
    DROP COLUMN designated_by, DROP COLUMN designated_at, DROP COLUMN designation;
