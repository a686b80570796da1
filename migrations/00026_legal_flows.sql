-- +goose Up
-- The flows of legal requests (models/legal.go): a notice about a legal
-- request points to it, so that its words are chosen from the request's
-- kind, deadline, block and outcome in the reader's language. The notice
-- stays when the request is purged with its retention class.
ALTER TABLE notices ADD COLUMN legal_request_id bigint REFERENCES legal_requests (id) ON DELETE SET NULL;
CREATE INDEX notices_legal_request_idx ON notices (legal_request_id) WHERE legal_request_id IS NOT NULL;
-- One open request per requester and subject: a double submit files one.
CREATE UNIQUE INDEX legal_requests_open_once_idx ON legal_requests (requester_id, subject_type, subject_id) WHERE state <> 'decided';

-- +goose Down
DROP INDEX legal_requests_open_once_idx;
DROP INDEX notices_legal_request_idx;
ALTER TABLE notices DROP COLUMN legal_request_id;
