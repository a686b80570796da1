-- +goose Up
-- Look-ups of other people by user name (sign-up's "taken", add friend,
-- start chat), counted per account and per client address in fixed windows,
-- so names cannot be enumerated at speed.
CREATE TABLE lookup_throttles (
    key          text PRIMARY KEY,
    window_start timestamptz NOT NULL DEFAULT now(),
    lookups      integer NOT NULL DEFAULT 0
);

-- +goose Down
DROP TABLE lookup_throttles;
