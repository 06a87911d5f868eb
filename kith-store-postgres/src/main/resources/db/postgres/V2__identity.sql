-- Schema version 2: the identity graph as rows (IdentityStore), written behind the in-memory graph by one server at
-- a time (the holder of the advisory lock "kith identity writer"), so that SQL can join events to people: every live
-- profile with its identifiers, traits and decisions, every profile id merged away with the live profile it now
-- belongs to, and how far the projection has got in the store's sequence.
CREATE TABLE profiles (
    id             text PRIMARY KEY,
    first_seen     timestamptz,
    last_seen      timestamptz,
    event_count    bigint NOT NULL,
    -- event type -> number of events
    events_by_type json NOT NULL,
    sources        text[] NOT NULL,
    brands         text[] NOT NULL,
    -- the ids of the profiles merged into this one, which resolve to it
    merged_from    text[] NOT NULL
);

-- An identifier is on one profile at most; ord keeps the profile's order of its identifiers.
CREATE TABLE profile_identifiers (
    profile_id    text NOT NULL,
    ord           integer NOT NULL,
    type          text NOT NULL,
    value         text NOT NULL,
    first_seen    timestamptz NOT NULL,
    linked_by_seq bigint NOT NULL,
    PRIMARY KEY (profile_id, ord),
    CONSTRAINT profile_identifiers_identifier UNIQUE (type, value)
);

-- The merged value of each trait (json keeps the text as Kith wrote it, and still reads with ->>), with the source
-- that said it, when (event time: said_at to the microsecond, said_at_nanos the nanoseconds below it) and the
-- priority the rules gave that source.
CREATE TABLE profile_traits (
    profile_id    text NOT NULL,
    name          text NOT NULL,
    value         json NOT NULL,
    source_id     text,
    said_at       timestamptz,
    said_at_nanos integer NOT NULL,
    priority      integer NOT NULL,
    PRIMARY KEY (profile_id, name)
);

-- The decision log of each profile, in order (ord). kind linked: identifier joined with other (its anchor, null when
-- it started the profile); merged: profile absorbed came in via identifier (on it) and other (on this one);
-- refused: identifier was not linked, for reason.
CREATE TABLE identity_decisions (
    profile_id       text NOT NULL,
    ord              integer NOT NULL,
    kind             text NOT NULL,
    seq              bigint NOT NULL,
    identifier_type  text,
    identifier_value text,
    other_type       text,
    other_value      text,
    absorbed         text,
    reason           text,
    PRIMARY KEY (profile_id, ord)
);

-- A profile id merged away -> the live profile it belongs to now.
CREATE TABLE profile_aliases (
    id         text PRIMARY KEY,
    profile_id text NOT NULL
);
CREATE INDEX profile_aliases_profile ON profile_aliases (profile_id);

-- One past the store sequence of the last event the profile rows reflect; its one row is locked by every apply.
CREATE TABLE identity_position (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    applied   bigint NOT NULL
);
INSERT INTO identity_position (applied) VALUES (0);
