-- +goose Up

-- A notice from Customer Service points to the ticket it is about, so the
-- notices page can link to it. Notices written before name the ticket by
-- its subject only.
ALTER TABLE notices ADD COLUMN ticket_id bigint REFERENCES tickets (id) ON DELETE CASCADE;
CREATE INDEX notices_ticket_idx ON notices (ticket_id) WHERE ticket_id IS NOT NULL;

-- +goose Down
DROP INDEX notices_ticket_idx;
ALTER TABLE notices DROP COLUMN ticket_id;
