-- +goose Up
-- The schema for the whole product: accounts and sessions, the messenger
-- (friends, 1:1 chats, Open Chat boards), reporting and moderation, Customer
-- Service and the audit log. Later changes come as new migrations.

-- Accounts -------------------------------------------------------------------

CREATE TABLE users (
    id            bigserial PRIMARY KEY,
    name          text NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9][a-z0-9_.]{2,31}$'),
    display_name  text NOT NULL CHECK (char_length(display_name) BETWEEN 1 AND 64),
    password_hash text NOT NULL,
    role          text NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'moderator', 'support', 'admin')),
    time_zone     text NOT NULL DEFAULT 'Asia/Seoul',
    language      text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'ko')),
    demo          boolean NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX users_role_idx ON users (role) WHERE role <> 'user';

-- Server-side sessions: the cookie carries a random id, the table keeps its
-- SHA-256, so a copy of the table does not hand out live sessions.
CREATE TABLE sessions (
    id_hash    bytea PRIMARY KEY,
    user_id    bigint REFERENCES users (id) ON DELETE CASCADE,
    data       bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

-- Failed logins per account name and per client address ("user:alice",
-- "ip:192.0.2.1"), shared by every instance of the portal.
CREATE TABLE login_throttles (
    key             text PRIMARY KEY,
    failures        integer NOT NULL DEFAULT 0,
    last_failure_at timestamptz NOT NULL DEFAULT now()
);

-- Friends --------------------------------------------------------------------

-- One row per side: user_id's view of friend_id. 'friend' and 'hidden' are
-- friendships; 'blocked' may stand for a non-friend too. No row: strangers.
CREATE TABLE friendships (
    user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    friend_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    state        text NOT NULL CHECK (state IN ('friend', 'hidden', 'blocked')),
    hide_profile boolean NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, friend_id),
    CHECK (user_id <> friend_id)
);
CREATE INDEX friendships_friend_idx ON friendships (friend_id, user_id);
CREATE INDEX friendships_state_idx ON friendships (user_id, state);

-- 1:1 chats ------------------------------------------------------------------

-- One room per pair of users (user_low < user_high).
CREATE TABLE chat_rooms (
    id         bigserial PRIMARY KEY,
    user_low   bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    user_high  bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_low, user_high),
    CHECK (user_low < user_high)
);

-- Each member's copy of the room. Leaving, or reporting from the room, sets
-- cleared_through to the newest message id and active to false: the messages
-- up to it are gone from that member's side; the other member keeps theirs.
CREATE TABLE chat_members (
    room_id         bigint NOT NULL REFERENCES chat_rooms (id) ON DELETE CASCADE,
    user_id         bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    other_id        bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    active          boolean NOT NULL DEFAULT true,
    cleared_through bigint NOT NULL DEFAULT 0,
    last_message_id bigint,
    last_active_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (room_id, user_id)
);
CREATE INDEX chat_members_list_idx ON chat_members (user_id, last_active_at DESC, room_id DESC) WHERE active;
CREATE UNIQUE INDEX chat_members_pair_idx ON chat_members (user_id, other_id);

-- delivered is false when the recipient had blocked the sender when it was
-- sent: the recipient never sees it, the sender sees no difference.
CREATE TABLE chat_messages (
    id         bigserial PRIMARY KEY,
    room_id    bigint NOT NULL REFERENCES chat_rooms (id) ON DELETE CASCADE,
    sender_id  bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    body       text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 4000),
    delivered  boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX chat_messages_room_idx ON chat_messages (room_id, id);

-- Open Chat boards -----------------------------------------------------------

CREATE TABLE open_chat_rooms (
    id          bigserial PRIMARY KEY,
    name        text NOT NULL UNIQUE CHECK (char_length(name) BETWEEN 1 AND 80),
    description text NOT NULL DEFAULT '',
    created_by  bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE open_chat_members (
    room_id   bigint NOT NULL REFERENCES open_chat_rooms (id) ON DELETE CASCADE,
    user_id   bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    joined_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (room_id, user_id)
);
CREATE INDEX open_chat_members_user_idx ON open_chat_members (user_id);

CREATE TABLE board_posts (
    id         bigserial PRIMARY KEY,
    room_id    bigint NOT NULL REFERENCES open_chat_rooms (id) ON DELETE CASCADE,
    author_id  bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title      text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    body       text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 10000),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
);
CREATE INDEX board_posts_room_idx ON board_posts (room_id, id DESC);
CREATE INDEX board_posts_author_idx ON board_posts (author_id);

CREATE TABLE board_comments (
    id         bigserial PRIMARY KEY,
    post_id    bigint NOT NULL REFERENCES board_posts (id) ON DELETE CASCADE,
    author_id  bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    body       text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 2000),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
);
CREATE INDEX board_comments_post_idx ON board_comments (post_id, id);
CREATE INDEX board_comments_author_idx ON board_comments (author_id);

-- Reports, cases and evidence ------------------------------------------------

-- All reports on one subject (a post, a comment or a chat message) gather in
-- one case; a subject has at most one case that is not resolved.
CREATE TABLE cases (
    id               bigserial PRIMARY KEY,
    subject_type     text NOT NULL CHECK (subject_type IN ('post', 'comment', 'message')),
    subject_id       bigint NOT NULL,
    reported_user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    state            text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'claimed', 'escalated', 'resolved')),
    resolution       text CHECK (resolution IN ('action_taken', 'no_violation', 'false_report')),
    severity         integer NOT NULL DEFAULT 1 CHECK (severity BETWEEN 1 AND 5),
    reporter_count   integer NOT NULL DEFAULT 0,
    claimed_by       bigint REFERENCES users (id) ON DELETE SET NULL,
    claimed_at       timestamptz,
    escalated_at     timestamptz,
    resolved_by      bigint REFERENCES users (id) ON DELETE SET NULL,
    resolved_at      timestamptz,
    policy_reason    text,
    internal_note    text NOT NULL DEFAULT '',
    user_note        text NOT NULL DEFAULT '',
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CHECK ((state = 'resolved') = (resolution IS NOT NULL))
);
CREATE UNIQUE INDEX cases_open_subject_idx ON cases (subject_type, subject_id) WHERE state <> 'resolved';
CREATE INDEX cases_queue_idx ON cases (state, severity DESC, created_at) WHERE state <> 'resolved';
CREATE INDEX cases_reported_user_idx ON cases (reported_user_id);

CREATE TABLE reports (
    id               bigserial PRIMARY KEY,
    reporter_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reported_user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    subject_type     text NOT NULL CHECK (subject_type IN ('post', 'comment', 'message')),
    subject_id       bigint NOT NULL,
    case_id          bigint NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    reasons          text[] NOT NULL CHECK (cardinality(reasons) > 0),
    detail           text NOT NULL DEFAULT '' CHECK (char_length(detail) <= 1000),
    state            text NOT NULL DEFAULT 'received'
                     CHECK (state IN ('received', 'under_review', 'upheld', 'rejected', 'false')),
    also_blocked     boolean NOT NULL DEFAULT false,
    created_at       timestamptz NOT NULL DEFAULT now(),
    decided_at       timestamptz,
    UNIQUE (reporter_id, subject_type, subject_id),
    CHECK (reporter_id <> reported_user_id)
);
CREATE INDEX reports_case_idx ON reports (case_id);
CREATE INDEX reports_reporter_idx ON reports (reporter_id, created_at DESC);

-- What a report hands to staff: the subject as it was when reported. For a
-- chat message, the message and at most 5 before and 5 after it.
CREATE TABLE evidence_snapshots (
    id           bigserial PRIMARY KEY,
    report_id    bigint NOT NULL UNIQUE REFERENCES reports (id) ON DELETE CASCADE,
    subject_type text NOT NULL CHECK (subject_type IN ('post', 'comment', 'message')),
    room_name    text NOT NULL DEFAULT '',
    title        text NOT NULL DEFAULT '',
    body         text NOT NULL DEFAULT '',
    author_id    bigint REFERENCES users (id) ON DELETE SET NULL,
    written_at   timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE evidence_messages (
    snapshot_id bigint NOT NULL REFERENCES evidence_snapshots (id) ON DELETE CASCADE,
    message_id  bigint NOT NULL,
    sender_id   bigint REFERENCES users (id) ON DELETE SET NULL,
    body        text NOT NULL,
    sent_at     timestamptz NOT NULL,
    reported    boolean NOT NULL DEFAULT false,
    PRIMARY KEY (snapshot_id, message_id)
);

-- Restrictions, appeals and notices ------------------------------------------

CREATE TABLE restrictions (
    id            bigserial PRIMARY KEY,
    user_id       bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    scope         text NOT NULL CHECK (scope IN ('posting', 'messaging', 'reporting', 'service')),
    policy_reason text NOT NULL,
    case_id       bigint REFERENCES cases (id) ON DELETE SET NULL,
    starts_at     timestamptz NOT NULL DEFAULT now(),
    ends_at       timestamptz,
    created_by    bigint REFERENCES users (id) ON DELETE SET NULL,
    internal_note text NOT NULL DEFAULT '',
    user_note     text NOT NULL DEFAULT '',
    lifted_at     timestamptz,
    lifted_by     bigint REFERENCES users (id) ON DELETE SET NULL,
    lift_reason   text NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL DEFAULT now(),
    CHECK (ends_at IS NULL OR ends_at > starts_at)
);
CREATE INDEX restrictions_user_idx ON restrictions (user_id, scope) WHERE lifted_at IS NULL;

CREATE TABLE appeals (
    id             bigserial PRIMARY KEY,
    restriction_id bigint NOT NULL UNIQUE REFERENCES restrictions (id) ON DELETE CASCADE,
    user_id        bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    body           text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 2000),
    state          text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'upheld', 'lifted')),
    decided_by     bigint REFERENCES users (id) ON DELETE SET NULL,
    decided_at     timestamptz,
    decision_note  text NOT NULL DEFAULT '',
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX appeals_pending_idx ON appeals (created_at) WHERE state = 'pending';

CREATE TABLE notices (
    id             bigserial PRIMARY KEY,
    user_id        bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind           text NOT NULL,
    title          text NOT NULL,
    body           text NOT NULL,
    report_id      bigint REFERENCES reports (id) ON DELETE SET NULL,
    restriction_id bigint REFERENCES restrictions (id) ON DELETE SET NULL,
    read_at        timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notices_user_idx ON notices (user_id, created_at DESC);

-- Customer Service -----------------------------------------------------------

CREATE TABLE tickets (
    id          bigserial PRIMARY KEY,
    user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    category    text NOT NULL CHECK (category IN ('illegal_act', 'safety_threat', 'police_evidence', 'appeal', 'other')),
    subject     text NOT NULL CHECK (char_length(subject) BETWEEN 1 AND 200),
    state       text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'waiting_on_user', 'with_moderation', 'resolved')),
    outcome     text NOT NULL DEFAULT '',
    assigned_to bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    resolved_at timestamptz
);
CREATE INDEX tickets_user_idx ON tickets (user_id, created_at DESC);
CREATE INDEX tickets_queue_idx ON tickets (state, updated_at) WHERE state <> 'resolved';

CREATE TABLE ticket_reports (
    ticket_id bigint NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    report_id bigint NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    PRIMARY KEY (ticket_id, report_id)
);
CREATE INDEX ticket_reports_report_idx ON ticket_reports (report_id);

CREATE TABLE ticket_messages (
    id         bigserial PRIMARY KEY,
    ticket_id  bigint NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
    author_id  bigint REFERENCES users (id) ON DELETE SET NULL,
    from_staff boolean NOT NULL DEFAULT false,
    body       text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 5000),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ticket_messages_ticket_idx ON ticket_messages (ticket_id, id);

-- Audit log: append-only. No UPDATE, DELETE or TRUNCATE, whoever asks.
CREATE TABLE audit_events (
    id           bigserial PRIMARY KEY,
    actor_id     bigint REFERENCES users (id) ON DELETE RESTRICT,
    action       text NOT NULL,
    subject_type text NOT NULL DEFAULT '',
    subject_id   bigint,
    detail       jsonb NOT NULL DEFAULT '{}',
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_events_created_idx ON audit_events (created_at DESC);
CREATE INDEX audit_events_subject_idx ON audit_events (subject_type, subject_id);
CREATE INDEX audit_events_actor_idx ON audit_events (actor_id, created_at DESC);

-- +goose StatementBegin
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only';
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();

-- +goose Down
DROP TABLE audit_events, ticket_messages, ticket_reports, tickets, notices, appeals,
    restrictions, evidence_messages, evidence_snapshots, reports, cases, board_comments,
    board_posts, open_chat_members, open_chat_rooms, chat_messages, chat_members, chat_rooms,
    friendships, login_throttles, sessions, users;
DROP FUNCTION audit_events_append_only();
