-- +goose Up
-- A case that automation opens (a hash-bank match on an upload, a rule on a
-- post or comment as written) has no report, so no report's snapshot: it
-- gets its own, taken in the same transaction, so that the moderator
-- decides on the content as it was, as with any report. Such a snapshot
-- names its case instead of a report; it goes with the case.
ALTER TABLE evidence_snapshots ALTER COLUMN report_id DROP NOT NULL,
    ADD COLUMN case_id bigint UNIQUE REFERENCES cases (id) ON DELETE CASCADE,
    ADD CONSTRAINT evidence_snapshots_owner_check CHECK (num_nonnulls(report_id, case_id) = 1);

-- +goose Down
DELETE FROM evidence_snapshots WHERE case_id IS NOT NULL;
ALTER TABLE evidence_snapshots DROP CONSTRAINT evidence_snapshots_owner_check, DROP COLUMN case_id,
    ALTER COLUMN report_id SET NOT NULL;
