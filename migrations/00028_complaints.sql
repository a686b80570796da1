-- +goose Up
-- Complaints (DSA Art. 20) as talksafe takes them (models/complaint.go):
-- about a decision (decision_id: a removal, a warning with removal, a
-- restriction), about a hide pending review by a rule or a hash bank
-- (hide_id: no decision stands behind it yet), or a reporter's one request
-- for a second look at a "no violation" outcome of their report
-- (by_reporter, report_id: once per report). A granted complaint reverses
-- the decision through the reversal (via 'complaint'); the complainant is
-- told by a notice that points at the complaint.
ALTER TABLE complaints
    ALTER COLUMN decision_id DROP NOT NULL,
    ADD COLUMN hide_id bigint REFERENCES hidden_content (id) ON DELETE CASCADE,
    ADD COLUMN report_id bigint REFERENCES reports (id) ON DELETE SET NULL,
    ADD CONSTRAINT complaints_subject_check CHECK ((decision_id IS NULL) <> (hide_id IS NULL)),
    ADD CONSTRAINT complaints_reporter_check CHECK (NOT by_reporter OR hide_id IS NULL),
    ADD CONSTRAINT complaints_hide_id_user_id_key UNIQUE (hide_id, user_id);
CREATE UNIQUE INDEX complaints_report_idx ON complaints (report_id) WHERE report_id IS NOT NULL;
CREATE INDEX complaints_user_idx ON complaints (user_id, created_at DESC);

ALTER TABLE reversals DROP CONSTRAINT reversals_via_check,
    ADD CONSTRAINT reversals_via_check CHECK (via IN ('moderator', 'appeal', 'decided_again', 'complaint'));

ALTER TABLE notices ADD COLUMN complaint_id bigint REFERENCES complaints (id) ON DELETE SET NULL;

-- +goose Down
ALTER TABLE notices DROP COLUMN complaint_id;
DELETE FROM reversals WHERE via = 'complaint';
ALTER TABLE reversals DROP CONSTRAINT reversals_via_check,
    ADD CONSTRAINT reversals_via_check CHECK (via IN ('moderator', 'appeal', 'decided_again'));
DROP INDEX complaints_user_idx;
DROP INDEX complaints_report_idx;
DELETE FROM complaints WHERE decision_id IS NULL;
ALTER TABLE complaints
    DROP CONSTRAINT complaints_hide_id_user_id_key,
    DROP CONSTRAINT complaints_reporter_check,
    DROP CONSTRAINT complaints_subject_check,
    DROP COLUMN report_id,
    DROP COLUMN hide_id,
    ALTER COLUMN decision_id SET NOT NULL;
