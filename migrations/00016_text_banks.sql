-- +goose Up
-- Text banks: lists of words and phrases admins keep, matched with variant
-- matching (models/textbank). An entry keeps the text as written and its
-- normal form (what the matcher looks for); a bank's version grows with
-- every change, so each server's cached matcher knows when to rebuild.
CREATE TABLE text_banks (
    id          bigserial PRIMARY KEY,
    name        text NOT NULL UNIQUE CHECK (char_length(name) BETWEEN 1 AND 100),
    description text NOT NULL DEFAULT '' CHECK (char_length(description) <= 500),
    version     bigint NOT NULL DEFAULT 1,
    created_by  bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE text_bank_entries (
    id         bigserial PRIMARY KEY,
    bank_id    bigint NOT NULL REFERENCES text_banks (id) ON DELETE CASCADE,
    text       text NOT NULL CHECK (char_length(text) BETWEEN 1 AND 200),
    normal     text NOT NULL CHECK (normal <> ''),
    language   text NOT NULL CHECK (language IN ('ko', 'en', 'any')),
    reason     text NOT NULL,
    created_by bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (bank_id, normal)
);

-- Spam waves: a new case whose evidence text has the fingerprint of an
-- open case opened in the last 24 hours joins that case's wave (wave_id
-- names the wave's first case, which the queue shows for all of them).
ALTER TABLE cases
    ADD COLUMN fingerprint text,
    ADD COLUMN wave_id bigint REFERENCES cases (id) ON DELETE SET NULL;
CREATE INDEX cases_wave_lookup_idx ON cases (fingerprint, created_at)
    WHERE fingerprint IS NOT NULL AND wave_id IS NULL AND state <> 'resolved';
CREATE INDEX cases_wave_idx ON cases (wave_id) WHERE wave_id IS NOT NULL;

-- +goose Down
DROP INDEX cases_wave_idx, cases_wave_lookup_idx;
ALTER TABLE cases DROP COLUMN wave_id, DROP COLUMN fingerprint;
DROP TABLE text_bank_entries, text_banks;
