-- +goose Up

-- Decisions as rows. One decision (one moderator's choice, on one case or on
-- several at once) is what gives strikes, writes restrictions and is
-- reversed. A case points to the decision that stands on it; a reversed
-- decision stands on no case any more, and its reversal keeps which cases
-- it covered.
CREATE TABLE decisions (
    id              bigserial PRIMARY KEY,
    kind            text NOT NULL CHECK (kind IN ('no_violation', 'remove', 'warn', 'restrict', 'false_report')),
    policy_reason   text,
    scope           text CHECK (scope IN ('posting', 'messaging', 'reporting', 'service')),
    days            integer CHECK (days >= 0),
    removed         boolean NOT NULL DEFAULT false,
    decided_by      bigint REFERENCES users (id) ON DELETE SET NULL,
    internal_note   text NOT NULL DEFAULT '',
    user_note       text NOT NULL DEFAULT '',
    -- What the ladder suggested (models/ladder.go) for each user the
    -- decision found a violation of, by user id, and the moderator's reason
    -- for choosing otherwise.
    suggestion      jsonb,
    override_reason text NOT NULL DEFAULT '' CHECK (char_length(override_reason) <= 500),
    created_at      timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE cases ADD COLUMN decision_id bigint REFERENCES decisions (id) ON DELETE SET NULL;
CREATE INDEX cases_decision_idx ON cases (decision_id) WHERE decision_id IS NOT NULL;

-- A restriction names the decision that wrote it; a restriction replaced by
-- a later one of the same scope that ends later names its successor.
ALTER TABLE restrictions
    ADD COLUMN decision_id bigint REFERENCES decisions (id) ON DELETE SET NULL,
    ADD COLUMN replaced_by bigint REFERENCES restrictions (id) ON DELETE SET NULL;
CREATE INDEX restrictions_decision_idx ON restrictions (decision_id) WHERE decision_id IS NOT NULL;
CREATE INDEX restrictions_replaced_idx ON restrictions (replaced_by) WHERE replaced_by IS NOT NULL;

-- An appeal of a restriction replaced before it was judged is closed: the
-- user appeals the restriction in force instead.
ALTER TABLE appeals DROP CONSTRAINT appeals_state_check;
ALTER TABLE appeals ADD CONSTRAINT appeals_state_check CHECK (state IN ('pending', 'upheld', 'lifted', 'closed'));

-- Strikes: one row per user per decision that found a violation of theirs,
-- count the worst severity upheld (1-4). They count for 180 days unless
-- withdrawn (the decision reversed); older ones stay as history.
CREATE TABLE strikes (
    id           bigserial PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    decision_id  bigint NOT NULL REFERENCES decisions (id) ON DELETE CASCADE,
    case_id      bigint REFERENCES cases (id) ON DELETE SET NULL,
    count        integer NOT NULL CHECK (count BETWEEN 1 AND 4),
    created_at   timestamptz NOT NULL DEFAULT now(),
    withdrawn_at timestamptz,
    UNIQUE (decision_id, user_id)
);
CREATE INDEX strikes_user_idx ON strikes (user_id, created_at) WHERE withdrawn_at IS NULL;

-- A reversal undoes a decision for one reported user: the cases of theirs
-- it covered (case_ids) go back to the queue.
CREATE TABLE reversals (
    id          bigserial PRIMARY KEY,
    decision_id bigint NOT NULL REFERENCES decisions (id) ON DELETE CASCADE,
    user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    case_ids    bigint[] NOT NULL,
    reversed_by bigint REFERENCES users (id) ON DELETE SET NULL,
    reason      text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 2000),
    via         text NOT NULL CHECK (via IN ('moderator', 'appeal', 'decided_again')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (decision_id, user_id)
);
CREATE INDEX reversals_cases_idx ON reversals USING gin (case_ids);

-- Cases decided before: each gets its decision (with the case's id), read
-- back from the case, its audit event and its restriction; those that found
-- a violation in the last 180 days give their strikes, so the ladder starts
-- from what happened rather than from zero.
INSERT INTO decisions (id, kind, policy_reason, scope, days, removed, decided_by, internal_note, user_note, created_at)
SELECT c.id,
    coalesce(e.detail->>'decision', CASE c.resolution WHEN 'action_taken' THEN CASE WHEN r.id IS NOT NULL THEN 'restrict' ELSE 'remove' END
        ELSE c.resolution END),
    c.policy_reason, r.scope,
    CASE WHEN r.id IS NOT NULL THEN coalesce(ceil(extract(epoch FROM r.ends_at - r.starts_at) / 86400)::integer, 0) END,
    coalesce((e.detail->>'removed')::boolean, false), c.resolved_by, c.internal_note, c.user_note, coalesce(c.resolved_at, c.updated_at)
FROM cases c
LEFT JOIN LATERAL (SELECT detail FROM audit_events WHERE action = 'case.decide' AND subject_type = 'case' AND subject_id = c.id
    ORDER BY id DESC LIMIT 1) e ON true
LEFT JOIN LATERAL (SELECT * FROM restrictions WHERE case_id = c.id AND user_id = c.reported_user_id ORDER BY id LIMIT 1) r ON true
WHERE c.state = 'resolved' AND c.resolution IS NOT NULL;
UPDATE cases SET decision_id = id WHERE state = 'resolved' AND resolution IS NOT NULL;
UPDATE restrictions r SET decision_id = r.case_id FROM decisions d WHERE d.id = r.case_id;
INSERT INTO strikes (user_id, decision_id, case_id, count, created_at)
SELECT c.reported_user_id, c.id, c.id,
    CASE WHEN c.policy_reason IN ('sexual_exploitation', 'threat') THEN 4
         WHEN c.policy_reason IN ('personal_info', 'obscene', 'illegal_gambling', 'fraud') THEN 3
         WHEN c.policy_reason IN ('harassment', 'hate', 'harmful_to_minors') THEN 2 ELSE 1 END,
    c.resolved_at
FROM cases c
WHERE c.state = 'resolved' AND c.resolution = 'action_taken' AND c.resolved_at > now() - interval '180 days'
    AND coalesce(c.policy_reason, '') <> 'self_harm';
SELECT setval('decisions_id_seq', greatest((SELECT max(id) FROM decisions), 1));

-- +goose Down
DROP TABLE reversals, strikes;
UPDATE appeals SET state = 'lifted' WHERE state = 'closed';
ALTER TABLE appeals DROP CONSTRAINT appeals_state_check;
ALTER TABLE appeals ADD CONSTRAINT appeals_state_check CHECK (state IN ('pending', 'upheld', 'lifted'));
DROP INDEX restrictions_replaced_idx, restrictions_decision_idx, cases_decision_idx;
ALTER TABLE restrictions DROP COLUMN replaced_by, DROP COLUMN decision_id;
ALTER TABLE cases DROP COLUMN decision_id;
DROP TABLE decisions;
