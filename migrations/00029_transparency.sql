-- +goose Up
-- The person in charge the KCC's transparency report names (정보통신망법
-- 64-5; 청소년보호책임자 and the person who handles grievances): one row,
-- set by an admin on /admin/transparency, every change audited
-- (transparency.person_in_charge).
CREATE TABLE person_in_charge (
    id         boolean PRIMARY KEY DEFAULT true CHECK (id),
    name       text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    contact    text NOT NULL CHECK (char_length(contact) BETWEEN 1 AND 200),
    updated_by bigint REFERENCES users (id) ON DELETE SET NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- The transparency report reads each period's rows by when they arrived;
-- the retention purge finds decided legal requests by when they were
-- decided.
CREATE INDEX appeals_created_idx ON appeals (created_at);
CREATE INDEX restrictions_created_idx ON restrictions (created_at);
CREATE INDEX legal_requests_decided_idx ON legal_requests (decided_at) WHERE state = 'decided';

-- +goose Down
DROP INDEX legal_requests_decided_idx;
DROP INDEX restrictions_created_idx;
DROP INDEX appeals_created_idx;
DROP TABLE person_in_charge;
