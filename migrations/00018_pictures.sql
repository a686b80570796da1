-- +goose Up
-- Pictures: one row per uploaded picture, re-encoded (no metadata survives),
-- its bytes and its thumbnail in the blob store (BLOB_URL) under blob_key and
-- thumb_key. A chat message, a board post or comment carries at most one; an
-- evidence snapshot points at the same row, so the picture lives as long as
-- the message, post or case that holds it (DOMAIN "Retention").
--
-- pdq and pdq_quality are filled by the PDQ hasher (NULL until hashed);
-- sha256 and md5 are of the stored, re-encoded bytes. A picture removed
-- under severity 5 has its bytes deleted from the store at once:
-- bytes_deleted_at says when (from then on nothing serves them, in the same
-- transaction as the decision), bytes_purged_at when the store confirmed it
-- (right after the decision; the retention job retries any left), and the
-- hashes and metadata stay with the case.
CREATE TABLE pictures (
    id               bigserial PRIMARY KEY,
    owner_id         bigint REFERENCES users (id) ON DELETE SET NULL,
    content_type     text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
    width            integer NOT NULL CHECK (width > 0),
    height           integer NOT NULL CHECK (height > 0),
    bytes            bigint NOT NULL CHECK (bytes > 0),
    sha256           bytea NOT NULL CHECK (octet_length(sha256) = 32),
    md5              bytea NOT NULL CHECK (octet_length(md5) = 16),
    pdq              bytea CHECK (octet_length(pdq) = 32),
    pdq_quality      smallint CHECK (pdq_quality BETWEEN 0 AND 100),
    blob_key         text NOT NULL UNIQUE,
    thumb_key        text NOT NULL UNIQUE,
    created_at       timestamptz NOT NULL DEFAULT now(),
    bytes_deleted_at timestamptz,
    bytes_deleted_by bigint REFERENCES users (id) ON DELETE SET NULL,
    bytes_purged_at  timestamptz, -- when the store confirmed the deletion
    CHECK ((pdq IS NULL) = (pdq_quality IS NULL))
);
CREATE INDEX pictures_md5_idx ON pictures (md5);
CREATE INDEX pictures_owner_idx ON pictures (owner_id);
CREATE INDEX pictures_purge_idx ON pictures (id) WHERE bytes_deleted_at IS NOT NULL AND bytes_purged_at IS NULL;

-- A message may be a picture alone (its text empty).
ALTER TABLE chat_messages ADD COLUMN picture_id bigint REFERENCES pictures (id);
ALTER TABLE chat_messages DROP CONSTRAINT chat_messages_body_check;
ALTER TABLE chat_messages ADD CONSTRAINT chat_messages_body_check
    CHECK (char_length(body) <= 4000 AND (char_length(body) >= 1 OR picture_id IS NOT NULL));
CREATE INDEX chat_messages_picture_idx ON chat_messages (picture_id) WHERE picture_id IS NOT NULL;

ALTER TABLE board_posts ADD COLUMN picture_id bigint REFERENCES pictures (id);
CREATE INDEX board_posts_picture_idx ON board_posts (picture_id) WHERE picture_id IS NOT NULL;
ALTER TABLE board_comments ADD COLUMN picture_id bigint REFERENCES pictures (id);
CREATE INDEX board_comments_picture_idx ON board_comments (picture_id) WHERE picture_id IS NOT NULL;

-- Evidence keeps the picture as it was reported: the subject's picture, and
-- the pictures of the neighbouring messages (shown to staff as thumbnails).
ALTER TABLE evidence_snapshots ADD COLUMN picture_id bigint REFERENCES pictures (id);
CREATE INDEX evidence_snapshots_picture_idx ON evidence_snapshots (picture_id) WHERE picture_id IS NOT NULL;
ALTER TABLE evidence_messages ADD COLUMN picture_id bigint REFERENCES pictures (id);
CREATE INDEX evidence_messages_picture_idx ON evidence_messages (picture_id) WHERE picture_id IS NOT NULL;

-- A moderator's blur for evidence pictures under a non-severe reason
-- (Account page): 'strong' (the default, as for every severe reason) or
-- 'light'.
ALTER TABLE users ADD COLUMN picture_blur text NOT NULL DEFAULT 'strong' CHECK (picture_blur IN ('strong', 'light'));

-- The chat's pictures as a ZIP beside the text: recorded and verifiable like
-- any export.
ALTER TABLE chat_exports DROP CONSTRAINT chat_exports_format_check;
ALTER TABLE chat_exports ADD CONSTRAINT chat_exports_format_check CHECK (format IN ('text', 'csv', 'json', 'pictures'));

-- +goose Down
DELETE FROM chat_exports WHERE format = 'pictures';
ALTER TABLE chat_exports DROP CONSTRAINT chat_exports_format_check;
ALTER TABLE chat_exports ADD CONSTRAINT chat_exports_format_check CHECK (format IN ('text', 'csv', 'json'));
ALTER TABLE users DROP COLUMN picture_blur;
ALTER TABLE evidence_messages DROP COLUMN picture_id;
ALTER TABLE evidence_snapshots DROP COLUMN picture_id;
ALTER TABLE board_comments DROP COLUMN picture_id;
ALTER TABLE board_posts DROP COLUMN picture_id;
DELETE FROM chat_messages WHERE body = '';
ALTER TABLE chat_messages DROP CONSTRAINT chat_messages_body_check;
ALTER TABLE chat_messages ADD CONSTRAINT chat_messages_body_check CHECK (char_length(body) BETWEEN 1 AND 4000);
ALTER TABLE chat_messages DROP COLUMN picture_id;
DROP TABLE pictures;
