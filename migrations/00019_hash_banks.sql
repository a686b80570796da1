-- +goose Up
-- Hash banks: lists of known abuse pictures' hashes (PDQ and MD5) that
-- admins import; a new board picture matching one is hidden before anyone
-- sees it and a case opens (models/hashbank*.go).

-- A bank names its source (who gave us the list), the reason a match is
-- judged under and the action a match takes: hide and open a case, or also
-- restrict the poster through the penalty ladder.
CREATE TABLE hash_banks (
    id         bigserial PRIMARY KEY,
    name       text NOT NULL UNIQUE CHECK (char_length(name) BETWEEN 1 AND 100),
    source     text NOT NULL DEFAULT '' CHECK (char_length(source) <= 200),
    reason     text NOT NULL,
    action     text NOT NULL CHECK (action IN ('hide', 'restrict')),
    created_by bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- One hash of a bank: lower-case hex, 64 digits for PDQ, 32 for MD5. An
-- entry added from a case keeps the case.
CREATE TABLE hash_bank_entries (
    id         bigserial PRIMARY KEY,
    bank_id    bigint NOT NULL REFERENCES hash_banks (id) ON DELETE CASCADE,
    kind       text NOT NULL CHECK (kind IN ('pdq', 'md5')),
    hash       text NOT NULL CHECK ((kind = 'pdq' AND hash ~ '^[0-9a-f]{64}$') OR (kind = 'md5' AND hash ~ '^[0-9a-f]{32}$')),
    case_id    bigint REFERENCES cases (id) ON DELETE SET NULL,
    added_by   bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (bank_id, kind, hash)
);
CREATE INDEX hash_bank_entries_md5_idx ON hash_bank_entries (hash) WHERE kind = 'md5';

-- The banks' version: every change to a bank or its entries raises it in
-- the same transaction, so each server rebuilds its in-memory PDQ index when
-- the version it built from is no longer the current one.
CREATE TABLE hash_bank_version (
    one     boolean PRIMARY KEY DEFAULT true CHECK (one),
    version bigint NOT NULL
);
INSERT INTO hash_bank_version (version) VALUES (1);

-- A board picture that matched a bank when it was posted: the case it
-- opened, and which hash of which bank at what distance (the bank's name and
-- the hash are kept should the bank change). One row per matched hash.
CREATE TABLE hash_matches (
    id           bigserial PRIMARY KEY,
    case_id      bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    subject_type text NOT NULL CHECK (subject_type IN ('post', 'comment')),
    subject_id   bigint NOT NULL,
    picture_id   bigint,
    bank_id      bigint REFERENCES hash_banks (id) ON DELETE SET NULL,
    entry_id     bigint REFERENCES hash_bank_entries (id) ON DELETE SET NULL,
    bank_name    text NOT NULL,
    kind         text NOT NULL CHECK (kind IN ('pdq', 'md5')),
    hash         text NOT NULL,
    distance     integer NOT NULL CHECK (distance BETWEEN 0 AND 256),
    action       text NOT NULL CHECK (action IN ('hide', 'restrict')),
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX hash_matches_case_idx ON hash_matches (case_id);

-- +goose Down
DROP TABLE hash_matches;
DROP TABLE hash_bank_version;
DROP TABLE hash_bank_entries;
DROP TABLE hash_banks;
