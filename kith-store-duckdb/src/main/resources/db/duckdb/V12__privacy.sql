-- The privacy ledger: regulations (subject ids kept only while one is carried out), the suppression list of keyed
-- hashes, and the keys of erased messages. See docs/privacy.md.
CREATE TABLE regulations (
    id            VARCHAR PRIMARY KEY,
    type          VARCHAR NOT NULL,
    subject_type  VARCHAR NOT NULL,
    subject_count INTEGER NOT NULL,
    subjects      VARCHAR,
    status        VARCHAR NOT NULL,
    requested_by  VARCHAR NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    started_at    TIMESTAMPTZ,
    lease_until   TIMESTAMPTZ,
    finished_at   TIMESTAMPTZ,
    report        VARCHAR,
    failure       VARCHAR
);

CREATE TABLE suppressions (
    hash          VARCHAR PRIMARY KEY,
    regulation_id VARCHAR NOT NULL,
    key_version   INTEGER NOT NULL
);

CREATE TABLE erased_messages (
    hash          VARCHAR PRIMARY KEY,
    regulation_id VARCHAR NOT NULL
);
