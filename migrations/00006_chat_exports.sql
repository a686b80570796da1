-- +goose Up

-- A chat export that reached its last byte: what was sent and its SHA-256,
-- so that anyone holding the file can check that it is unchanged. The id is
-- taken from the sequence when the download starts (the JSON export carries
-- it), the row is written only when the download completes.
CREATE TABLE chat_exports (
    id               bigserial PRIMARY KEY,
    user_id          bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    room_id          bigint NOT NULL REFERENCES chat_rooms (id) ON DELETE CASCADE,
    format           text NOT NULL CHECK (format IN ('text', 'csv', 'json')),
    language         text NOT NULL CHECK (language IN ('en', 'ko')),
    time_zone        text NOT NULL,
    sha256           bytea NOT NULL CHECK (octet_length(sha256) = 32),
    size             bigint NOT NULL CHECK (size >= 0),
    message_count    bigint NOT NULL CHECK (message_count >= 0),
    first_message_at timestamptz,
    last_message_at  timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX chat_exports_sha256_idx ON chat_exports (sha256);
CREATE INDEX chat_exports_user_idx ON chat_exports (user_id, id DESC);

-- Verifications per client address in the current window.
CREATE TABLE verify_throttles (
    key          text PRIMARY KEY,
    count        integer NOT NULL DEFAULT 0,
    window_start timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE verify_throttles, chat_exports;
