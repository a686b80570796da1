-- +goose Up

-- How far each member has read their copy of a room: the Chats list counts
-- the unread messages after it, and the room draws a "new messages" line
-- there. Rooms that exist already count as read.
ALTER TABLE chat_members ADD COLUMN read_through bigint NOT NULL DEFAULT 0;
UPDATE chat_members SET read_through = coalesce(last_message_id, cleared_through);

-- +goose Down
ALTER TABLE chat_members DROP COLUMN read_through;
