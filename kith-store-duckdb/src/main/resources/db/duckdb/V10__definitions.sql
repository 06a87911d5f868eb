-- Schema version 10: versioned definitions of what Kith derives per profile (computed traits, labels), as JSON.
CREATE TABLE definitions (
    kind     VARCHAR NOT NULL,
    name     VARCHAR NOT NULL,
    version  INTEGER NOT NULL,
    body     VARCHAR NOT NULL,
    saved_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (kind, name, version)
);
