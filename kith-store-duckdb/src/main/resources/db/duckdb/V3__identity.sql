-- Schema version 3: the identity graph as rows (IdentityStore), written behind the in-memory graph so that SQL can
-- join events to people: every live profile with its identifiers, traits and decisions, every profile id merged
-- away with the live profile it now belongs to, and how far the projection has got (log_position 'identity').
-- No secondary indexes or unique constraints below the profiles' primary key: DuckDB maintains each as an ART index
-- on every append and commit (a full rewrite of 200,000 profiles took 146 s with them, 30 s without), while its column scans answer the
-- analytical queries (and the occasional lookup) fast. The writer (IdentityStoreWriter) keeps identifiers unique.
CREATE TABLE profiles (
    id             VARCHAR PRIMARY KEY,
    first_seen     TIMESTAMPTZ,
    last_seen      TIMESTAMPTZ,
    event_count    BIGINT NOT NULL,
    -- a JSON object: event type -> number of events
    events_by_type VARCHAR NOT NULL,
    sources        VARCHAR[] NOT NULL,
    brands         VARCHAR[] NOT NULL,
    -- the ids of the profiles merged into this one, which resolve to it
    merged_from    VARCHAR[] NOT NULL
);

-- An identifier is on one profile at most; ord keeps the profile's order of its identifiers. DuckDB scans an index
-- only for a filter on its one column, so lookups go by value (and check the type), reads by profile_id.
CREATE TABLE profile_identifiers (
    profile_id    VARCHAR NOT NULL,
    ord           INTEGER NOT NULL,
    type          VARCHAR NOT NULL,
    value         VARCHAR NOT NULL,
    first_seen    TIMESTAMPTZ NOT NULL,
    linked_by_seq BIGINT NOT NULL
);

-- The merged value of each trait as JSON text, with the source that said it, when (event time: said_at to the
-- microsecond, said_at_nanos the nanoseconds below it) and the priority the rules gave that source.
CREATE TABLE profile_traits (
    profile_id    VARCHAR NOT NULL,
    name          VARCHAR NOT NULL,
    value         VARCHAR NOT NULL,
    source_id     VARCHAR,
    said_at       TIMESTAMPTZ,
    said_at_nanos INTEGER NOT NULL,
    priority      INTEGER NOT NULL
);

-- The decision log of each profile, in order (ord). kind linked: identifier joined with other (its anchor, null when
-- it started the profile); merged: profile absorbed came in via identifier (on it) and other (on this one);
-- refused: identifier was not linked, for reason.
CREATE TABLE identity_decisions (
    profile_id       VARCHAR NOT NULL,
    ord              INTEGER NOT NULL,
    kind             VARCHAR NOT NULL,
    seq              BIGINT NOT NULL,
    identifier_type  VARCHAR,
    identifier_value VARCHAR,
    other_type       VARCHAR,
    other_value      VARCHAR,
    absorbed         VARCHAR,
    reason           VARCHAR
);

-- A profile id merged away -> the live profile it belongs to now.
CREATE TABLE profile_aliases (
    id         VARCHAR PRIMARY KEY,
    profile_id VARCHAR NOT NULL
);

INSERT INTO log_position VALUES ('identity', 0);
