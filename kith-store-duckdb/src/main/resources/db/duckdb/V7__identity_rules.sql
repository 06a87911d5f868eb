-- Schema version 7: the identity rules in force (defaults with the operator's file merged), one row per version.
CREATE TABLE identity_rules (
    version  BIGINT PRIMARY KEY,
    rules    VARCHAR NOT NULL,
    saved_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);
