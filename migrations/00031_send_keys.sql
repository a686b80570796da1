-- +goose Up
-- The send form's key. A browser sends a POST again, once, when the
-- kept-alive connection it reused closes before any answer: when the first
-- send was stored and only its answer lost (an instance stopped between the
-- two), the second carries the same key and finds the first's message
-- instead of storing the text twice. Each rendering of the form has a key
-- of its own, so two messages alike are still two.
ALTER TABLE chat_messages ADD COLUMN send_key text CHECK (send_key ~ '^[0-9a-f]{32}$');
CREATE UNIQUE INDEX chat_messages_send_key_idx ON chat_messages (sender_id, room_id, send_key) WHERE send_key IS NOT NULL;

-- +goose Down
DROP INDEX chat_messages_send_key_idx;
ALTER TABLE chat_messages DROP COLUMN send_key;
