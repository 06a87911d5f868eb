-- Versioned definitions of what Kith derives per profile (computed traits, labels), as JSON.
CREATE TABLE definitions (
    kind     text NOT NULL,
    name     text NOT NULL,
    version  integer NOT NULL,
    body     text NOT NULL,
    saved_at timestamptz NOT NULL,
    PRIMARY KEY (kind, name, version)
);
