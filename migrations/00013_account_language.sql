-- +goose Up

-- A staff account an admin made sets its own password at its first log-in:
-- until it does, every page but the password form leads there.
ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;

-- +goose Down
ALTER TABLE users DROP COLUMN must_change_password;
