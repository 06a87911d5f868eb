-- Schema version 9: segments. Definitions are versioned (a new row per change, never edited); members are the current
-- answer of each segment, and segment_history every entry and exit with its time and cause. profile_values holds the
-- values other features compute per profile for segments to read: computed traits, labels, RFM, model scores and
-- consent, each a JSON value under a namespace and a name, with the definition version and time it was computed at.
CREATE TABLE segments (
    key         VARCHAR NOT NULL,
    version     INTEGER NOT NULL,
    name        VARCHAR NOT NULL,
    description VARCHAR NOT NULL,
    definition  VARCHAR NOT NULL,
    saved_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (key, version)
);

CREATE TABLE segment_members (
    segment_key VARCHAR NOT NULL,
    profile_id  VARCHAR NOT NULL,
    since       TIMESTAMPTZ NOT NULL
);

CREATE TABLE segment_history (
    segment_key VARCHAR NOT NULL,
    version     INTEGER NOT NULL,
    profile_id  VARCHAR NOT NULL,
    entered     BOOLEAN NOT NULL,
    changed_at  TIMESTAMPTZ NOT NULL,
    as_of_seq   BIGINT NOT NULL,
    cause       VARCHAR NOT NULL
);

CREATE TABLE profile_values (
    profile_id  VARCHAR NOT NULL,
    namespace   VARCHAR NOT NULL,
    name        VARCHAR NOT NULL,
    value       VARCHAR NOT NULL,
    version     INTEGER NOT NULL,
    computed_at TIMESTAMPTZ NOT NULL
);
