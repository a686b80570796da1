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

-- The service-level targets count the tickets answered in a period.
CREATE INDEX tickets_first_response_idx ON tickets (first_response_at) WHERE first_response_at IS NOT NULL;

-- The stats page's figures of whole days, per time zone of the staff who
-- read it (models/stats_rollup.go): written once a day has ended in that
-- zone, by the stats_rollup job, so the page reads a few hundred rows
-- rather than 30 days of reports and decisions. stats_days_done says which
-- days are written.
CREATE TABLE stats_days (
    zone   text NOT NULL,
    day    date NOT NULL,
    metric text NOT NULL,
    key    text NOT NULL,
    n      bigint NOT NULL,
    PRIMARY KEY (zone, day, metric, key)
);
CREATE TABLE stats_days_done (
    zone       text NOT NULL,
    day        date NOT NULL,
    written_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (zone, day)
);

-- +goose Down
DROP TABLE stats_days_done;
DROP TABLE stats_days;
DROP INDEX tickets_first_response_idx;
DROP INDEX decisions_created_idx;
DROP INDEX restrictions_ending_idx;
ALTER TABLE restrictions DROP COLUMN end_noticed_at;
