-- The identity rules in force (defaults with the operator's file merged), one row per version. A save locks the table.
CREATE TABLE identity_rules (
    version  bigint PRIMARY KEY,
    rules    text NOT NULL,
    saved_at timestamptz NOT NULL DEFAULT now()
);
