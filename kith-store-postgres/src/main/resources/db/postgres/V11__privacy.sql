-- The privacy ledger: regulations (subject ids kept only while one is carried out), the suppression list of keyed
-- hashes, and the keys of erased messages. See docs/privacy.md.
CREATE TABLE regulations (
    id            text PRIMARY KEY,
    type          text NOT NULL,
    subject_type  text NOT NULL,
    subject_count integer NOT NULL,
    subjects      text,
    status        text NOT NULL,
    requested_by  text NOT NULL,
    created_at    timestamptz NOT NULL,
    started_at    timestamptz,
    lease_until   timestamptz,
    finished_at   timestamptz,
    report        text,
    failure       text
);

CREATE TABLE suppressions (
    hash          text PRIMARY KEY,
    regulation_id text NOT NULL,
    key_version   integer NOT NULL
);

CREATE TABLE erased_messages (
    hash          text PRIMARY KEY,
    regulation_id text NOT NULL
);
