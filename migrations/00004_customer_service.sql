-- Customer Service: a ticket's description, its restriction and appeal (the
-- "appeal a restriction" category), the case it waits on with moderation and
-- that case's decision, the first staff reply (for the 24-hour first-response
-- target); support's internal notes; the saved replies admins edit; and the
-- note support hands to moderation with an escalated case.

-- +goose Up
ALTER TABLE tickets
    ADD COLUMN description       text NOT NULL DEFAULT '' CHECK (char_length(description) <= 5000),
    ADD COLUMN restriction_id    bigint REFERENCES restrictions (id) ON DELETE SET NULL,
    ADD COLUMN appeal_id         bigint REFERENCES appeals (id) ON DELETE SET NULL,
    ADD COLUMN case_id           bigint REFERENCES cases (id) ON DELETE SET NULL,
    ADD COLUMN moderation_result text CHECK (moderation_result IN ('action_taken', 'no_violation', 'false_report')),
    ADD COLUMN first_response_at timestamptz,
    ADD COLUMN resolved_by       bigint REFERENCES users (id) ON DELETE SET NULL;
CREATE INDEX tickets_desk_idx ON tickets (id) WHERE state <> 'resolved';
CREATE INDEX tickets_case_idx ON tickets (case_id) WHERE state = 'with_moderation';

ALTER TABLE cases
    ADD COLUMN escalation_note text NOT NULL DEFAULT '' CHECK (char_length(escalation_note) <= 2000),
    ADD COLUMN escalated_by    bigint REFERENCES users (id) ON DELETE SET NULL;

-- Never shown to the ticket's user.
CREATE TABLE ticket_notes (
    id         bigserial PRIMARY KEY,
    ticket_id  bigint NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    author_id  bigint REFERENCES users (id) ON DELETE SET NULL,
    body       text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 5000),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ticket_notes_ticket_idx ON ticket_notes (ticket_id, id);

CREATE TABLE saved_replies (
    id         bigserial PRIMARY KEY,
    title      text NOT NULL UNIQUE CHECK (char_length(title) BETWEEN 1 AND 100),
    body       text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 5000),
    updated_by bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO saved_replies (title, body) VALUES
('Police help: visit an investigation agency',
'Thank you for contacting us. If you need help from the police, please visit an investigation agency (a police station or the cyber crime reporting centre) and submit a report there. Bring the exported chat with you as evidence.

How to export the chat: open the chat room, select … at the top right, then Export Chat Message, choose Text, CSV or JSON, and download the file. Note that reporting a chat message deletes that chat room from your side, so export it before you report, or capture the messages on screen.

Investigation agencies can ask us for what our records hold through the proper legal channels.'),
('Reviewing your report',
'Thank you for letting us know. We are reviewing whether the reported content violates the Operation Policy and will take the necessary measures. We will let you know here when the review is done.'),
('Need more details',
'Thank you for contacting us. To look into this, we need a few more details: what happened, when, and which chat room, post or comment it concerns. Please reply to this ticket with them.'),
('Block and report',
'You can block the person at any time from their profile or the … menu of your chat with them; their new messages will no longer reach you. If they break the Operation Policy, report the message from its … menu: the report hands us the message and a few around it, and the person is blocked for you automatically.');

-- +goose Down
DROP TABLE saved_replies, ticket_notes;
ALTER TABLE cases DROP COLUMN escalation_note, DROP COLUMN escalated_by;
DROP INDEX tickets_case_idx, tickets_desk_idx;
ALTER TABLE tickets DROP COLUMN description, DROP COLUMN restriction_id, DROP COLUMN appeal_id,
    DROP COLUMN case_id, DROP COLUMN moderation_result, DROP COLUMN first_response_at, DROP COLUMN resolved_by;
