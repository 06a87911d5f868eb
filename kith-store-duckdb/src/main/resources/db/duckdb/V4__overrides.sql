-- Schema version 4: the operators' identity overrides, one row per version (the latest is in force).
CREATE TABLE identity_overrides (
    version   BIGINT PRIMARY KEY,
    overrides VARCHAR NOT NULL,
    saved_at  TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);
