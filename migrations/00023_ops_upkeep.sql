-- +goose Up

-- A restriction that ends by itself is told to its user by a job
-- (models.NoticeEndedRestrictions): end_noticed_at says the notice is sent.
-- Restrictions that ended before this migration are counted as told, so the
-- first run does not send years of old news.
ALTER TABLE restrictions ADD COLUMN end_noticed_at timestamptz;
UPDATE restrictions SET end_noticed_at = ends_at WHERE ends_at IS NOT NULL AND ends_at <= now();
CREATE INDEX restrictions_ending_idx ON restrictions (ends_at)
    WHERE end_noticed_at IS NULL AND ends_at IS NOT NULL AND lifted_at IS NULL;

-- The purge finds decisions past their period by age.
CREATE INDEX decisions_created_idx ON decisions (created_at);

-- The service-level targets count the items that arrived in a period.
CREATE INDEX cases_severe_created_idx ON cases (created_at) WHERE severity >= 4;
CREATE INDEX tickets_created_idx ON tickets (created_at);

-- +goose Down
DROP INDEX tickets_created_idx;
DROP INDEX cases_severe_created_idx;
DROP INDEX decisions_created_idx;
DROP INDEX restrictions_ending_idx;
ALTER TABLE restrictions DROP COLUMN end_noticed_at;
