-- The operators' identity overrides, one row per version (the latest is in force). A change locks the table.
CREATE TABLE identity_overrides (
    version   bigint PRIMARY KEY,
    overrides text NOT NULL,
    saved_at  timestamptz NOT NULL DEFAULT now()
);
