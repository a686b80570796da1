-- +goose Up
-- Moderation: content removed by moderation, deactivated staff accounts, and
-- the queue's sort key with the indexes that page it at 300,000 cases.

ALTER TABLE chat_messages ADD COLUMN removed_at timestamptz, ADD COLUMN removed_by bigint REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE board_posts ADD COLUMN removed_at timestamptz, ADD COLUMN removed_by bigint REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE board_comments ADD COLUMN removed_at timestamptz, ADD COLUMN removed_by bigint REFERENCES users (id) ON DELETE SET NULL;

ALTER TABLE users ADD COLUMN deactivated_at timestamptz;

-- A notice about a decision names its case, for the policy it was decided under.
ALTER TABLE notices ADD COLUMN case_id bigint REFERENCES cases (id) ON DELETE SET NULL;

-- weight: the sum, over the case's reporters, of each one's accuracy when
-- they filed (models/queue.go, reporterWeight). rank: the queue's priority as
-- one ascending number, so that the priority order (rank, created_at, id) is
-- one row comparison for keyset paging: escalated first, then worst
-- severity, then the weighted reporters. The rule is written in
-- models/queue.go; this column only stores it.
ALTER TABLE cases ADD COLUMN weight real NOT NULL DEFAULT 0;
-- The distinct reasons of the case's reports, kept as reports arrive, so the
-- queue shows and filters them without reading the reports.
ALTER TABLE cases ADD COLUMN reasons text[] NOT NULL DEFAULT '{}';
UPDATE cases c SET reasons = ARRAY(SELECT DISTINCT x FROM reports r, unnest(r.reasons) x WHERE r.case_id = c.id ORDER BY x),
    weight = (SELECT count(*) * 0.5 FROM reports r WHERE r.case_id = c.id);
ALTER TABLE cases ADD COLUMN rank double precision GENERATED ALWAYS AS (
    -((CASE WHEN escalated_at IS NOT NULL THEN 100000 ELSE 0 END) + severity * 10000 + least(weight, 9999))
) STORED;

-- A reporter's accuracy, (upheld + 1) / (decided + 2) with false reports
-- counting three times: a new reporter weighs 0.5, a reliable one nearly 1,
-- a repeated false reporter nearly 0.
-- +goose StatementBegin
CREATE FUNCTION reporter_weight(reporter bigint) RETURNS real LANGUAGE sql STABLE AS $$
    SELECT ((count(*) FILTER (WHERE state = 'upheld') + 1)::real /
            (count(*) FILTER (WHERE state = 'upheld') + count(*) FILTER (WHERE state = 'rejected')
             + 3 * count(*) FILTER (WHERE state = 'false') + 2))::real
    FROM reports WHERE reporter_id = reporter AND state IN ('upheld', 'rejected', 'false')
$$;

CREATE FUNCTION cases_add_reporter_weight() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE cases SET weight = weight + reporter_weight(NEW.reporter_id),
        reasons = ARRAY(SELECT DISTINCT x FROM unnest(reasons || NEW.reasons) x ORDER BY x)
    WHERE id = NEW.case_id;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER reports_weigh_case AFTER INSERT ON reports
    FOR EACH ROW EXECUTE FUNCTION cases_add_reporter_weight();

DROP INDEX cases_queue_idx;
CREATE INDEX cases_priority_idx ON cases (rank, created_at, id) WHERE state <> 'resolved';
CREATE INDEX cases_oldest_idx ON cases (created_at, id) WHERE state <> 'resolved';
-- The queue filtered by a reason pages its own small index, whatever the
-- reason's share of the cases.
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
CREATE INDEX cases_claimed_idx ON cases (claimed_by) WHERE claimed_by IS NOT NULL AND state <> 'resolved';
CREATE INDEX cases_resolved_idx ON cases (resolved_at) WHERE state = 'resolved';
CREATE INDEX reports_reporter_state_idx ON reports (reporter_id, state, decided_at);
CREATE INDEX restrictions_case_idx ON restrictions (case_id);
CREATE INDEX notices_unread_idx ON notices (user_id) WHERE read_at IS NULL;
CREATE INDEX audit_events_action_idx ON audit_events (action, created_at);
CREATE INDEX reports_created_idx ON reports (created_at) INCLUDE (reasons);

-- +goose Down
DROP INDEX cases_reason_sexual_exploitation_idx, cases_reason_threat_idx, cases_reason_self_harm_idx, cases_reason_personal_info_idx, cases_reason_obscene_idx, cases_reason_illegal_gambling_idx, cases_reason_fraud_idx, cases_reason_harassment_idx, cases_reason_hate_idx, cases_reason_harmful_to_minors_idx, cases_reason_spam_idx, cases_reason_other_idx;
DROP INDEX reports_created_idx, audit_events_action_idx, notices_unread_idx, restrictions_case_idx, reports_reporter_state_idx,
    cases_resolved_idx, cases_claimed_idx, cases_state_priority_idx, cases_oldest_idx, cases_priority_idx;
CREATE INDEX cases_queue_idx ON cases (state, severity DESC, created_at) WHERE state <> 'resolved';
DROP TRIGGER reports_weigh_case ON reports;
DROP FUNCTION cases_add_reporter_weight(), reporter_weight(bigint);
ALTER TABLE cases DROP COLUMN rank, DROP COLUMN reasons, DROP COLUMN weight;
ALTER TABLE notices DROP COLUMN case_id;
ALTER TABLE users DROP COLUMN deactivated_at;
ALTER TABLE board_comments DROP COLUMN removed_at, DROP COLUMN removed_by;
ALTER TABLE board_posts DROP COLUMN removed_at, DROP COLUMN removed_by;
ALTER TABLE chat_messages DROP COLUMN removed_at, DROP COLUMN removed_by;
