-- Kith's server store, schema version 1: sources, quarantine, the events table with its shared sequence,
-- the log position of every server, and API keys (only a SHA-256 of each secret is kept).
CREATE TABLE sources (
    id             text PRIMARY KEY,
    name           text NOT NULL,
    brand          text NOT NULL,
    kind           text NOT NULL,
    default_region text,
    write_key      text NOT NULL UNIQUE,
    created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE quarantine (
    ord         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id          text NOT NULL,
    source_id   text,
    received_at timestamptz NOT NULL,
    code        text NOT NULL,
    path        text NOT NULL,
    reason      text NOT NULL,
    raw         text NOT NULL
);
CREATE INDEX quarantine_id ON quarantine (id);
CREATE INDEX quarantine_source ON quarantine (source_id, ord);

-- json (not jsonb) keeps each event's text exactly as Kith wrote it (key order, numbers), and still reads with ->>.
CREATE TABLE events (
    seq          bigint PRIMARY KEY,
    message_id   text NOT NULL,
    type         text NOT NULL,
    source_id    text NOT NULL,
    brand        text NOT NULL,
    user_id      text,
    anonymous_id text,
    event        text,
    ts           timestamptz NOT NULL,
    received_at  timestamptz NOT NULL,
    json         json NOT NULL,
    CONSTRAINT events_message UNIQUE (source_id, message_id)
);
CREATE INDEX events_user_id ON events (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX events_anonymous_id ON events (anonymous_id) WHERE anonymous_id IS NOT NULL;

-- The next store sequence; its one row is locked by every batch being applied, which orders them.
CREATE TABLE event_sequence (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    next      bigint NOT NULL
);
INSERT INTO event_sequence (next) VALUES (0);

-- How far each server's own log has been applied (exclusive), by node id.
CREATE TABLE log_position (
    node    text PRIMARY KEY,
    applied bigint NOT NULL
);

CREATE TABLE api_keys (
    id          text PRIMARY KEY,
    name        text NOT NULL,
    secret_hash text NOT NULL UNIQUE,
    scopes      text NOT NULL,
    created_at  timestamptz NOT NULL
);
