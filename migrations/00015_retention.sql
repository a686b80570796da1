-- +goose Up
-- Retention: what the purge needs to know, and the one door in the audit log.

-- When a member left a 1:1 room (Leave, or reporting from it). A room every
-- member has left loses its messages a retention period after the last
-- leave. Rooms already left count from now.
ALTER TABLE chat_members ADD COLUMN left_at timestamptz;
UPDATE chat_members SET left_at = now() WHERE NOT active;

-- A legal hold stops every purge of what it covers (a user, a 1:1 chat room
-- or a case) until it is released. Holds are never deleted: a released one
-- keeps who released it and when.
CREATE TABLE legal_holds (
    id             bigserial PRIMARY KEY,
    subject_type   text NOT NULL CHECK (subject_type IN ('user', 'room', 'case')),
    subject_id     bigint NOT NULL,
    reason         text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 500),
    placed_by      bigint REFERENCES users (id) ON DELETE SET NULL,
    placed_at      timestamptz NOT NULL DEFAULT now(),
    released_by    bigint REFERENCES users (id) ON DELETE SET NULL,
    released_at    timestamptz,
    release_reason text NOT NULL DEFAULT '' CHECK (char_length(release_reason) <= 500),
    CHECK ((released_at IS NULL) = (released_by IS NULL))
);
CREATE INDEX legal_holds_active_idx ON legal_holds (subject_type, subject_id) WHERE released_at IS NULL;

-- Indexes the purge reads by (cases have cases_resolved_idx already).
CREATE INDEX tickets_resolved_idx ON tickets (resolved_at) WHERE state = 'resolved';
CREATE INDEX chat_exports_created_idx ON chat_exports (created_at);

-- The audit log stays append-only: UPDATE and TRUNCATE fail for everyone, and
-- DELETE too, except inside a retention purge (the transaction says so with
-- SET LOCAL talksafe.retention_purge = 'on') and only for events older than a
-- year, the shortest period of any class kept in the log. The serving role
-- has no DELETE on the table at all (see GrantServing): only the owner purges.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('talksafe.retention_purge', true) = 'on'
       AND OLD.created_at < now() - interval '1 year' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_events is append-only';
END;
$$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only';
END;
$$;
-- +goose StatementEnd
DROP INDEX chat_exports_created_idx, tickets_resolved_idx;
DROP TABLE legal_holds;
ALTER TABLE chat_members DROP COLUMN left_at;
