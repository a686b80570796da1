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
-- Today's whole hours, the same figures (an hour is the same in every zone
-- that is a whole number of hours from UTC), so that only the current hour
-- is read from the rows.
CREATE TABLE stats_hours (
    hour   timestamptz NOT NULL,
    metric text NOT NULL,
    key    text NOT NULL,
    n      bigint NOT NULL,
    PRIMARY KEY (hour, metric, key)
);
CREATE TABLE stats_hours_done (
    hour       timestamptz PRIMARY KEY,
    written_at timestamptz NOT NULL DEFAULT now()
);

-- Cases not resolved, counted by state and worst severity without reading
-- them: a trigger appends +1/-1 rows to case_count_deltas as a case enters
-- or leaves a (state, severity) (no row is updated in place, so filing
-- reports never waits on a counter's lock), and the counts job folds the
-- deltas into case_counts every few minutes. A count is case_counts plus
-- the deltas not folded yet.
CREATE TABLE case_counts (
    state    text NOT NULL,
    severity integer NOT NULL,
    n        bigint NOT NULL,
    PRIMARY KEY (state, severity)
);
CREATE TABLE case_count_deltas (
    id       bigserial PRIMARY KEY,
    state    text NOT NULL,
    severity integer NOT NULL,
    n        integer NOT NULL
);
-- Folded deltas leave dead rows that every count would read until vacuumed:
-- vacuum this small table after every thousand of them.
ALTER TABLE case_count_deltas SET (autovacuum_vacuum_threshold = 1000, autovacuum_vacuum_scale_factor = 0,
    autovacuum_vacuum_insert_threshold = 1000, autovacuum_vacuum_insert_scale_factor = 0);
INSERT INTO case_counts (state, severity, n)
    SELECT state, severity, count(*) FROM cases WHERE state <> 'resolved' GROUP BY 1, 2;

-- +goose StatementBegin
CREATE FUNCTION cases_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.state <> 'resolved' THEN
        INSERT INTO case_count_deltas (state, severity, n) VALUES (OLD.state, OLD.severity, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.state <> 'resolved' THEN
        INSERT INTO case_count_deltas (state, severity, n) VALUES (NEW.state, NEW.severity, 1);
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER cases_count_insert AFTER INSERT OR DELETE ON cases
    FOR EACH ROW EXECUTE FUNCTION cases_count();
CREATE TRIGGER cases_count_update AFTER UPDATE OF state, severity ON cases
    FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.severity IS DISTINCT FROM NEW.severity)
    EXECUTE FUNCTION cases_count();

-- +goose Down
DROP TRIGGER cases_count_update ON cases;
DROP TRIGGER cases_count_insert ON cases;
DROP FUNCTION cases_count();
DROP TABLE case_count_deltas;
DROP TABLE case_counts;
DROP TABLE stats_hours_done;
DROP TABLE stats_hours;
DROP TABLE stats_days_done;
DROP TABLE stats_days;
DROP INDEX tickets_first_response_idx;
DROP INDEX decisions_created_idx;
DROP INDEX restrictions_ending_idx;
ALTER TABLE restrictions DROP COLUMN end_noticed_at;
