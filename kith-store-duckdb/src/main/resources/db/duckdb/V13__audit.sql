-- The audit log of API calls and Kith's own jobs (the console's staff actions stay in staff_audit; both are read together).
CREATE TABLE audit_log (
    logged_at TIMESTAMPTZ NOT NULL,
    actor  VARCHAR NOT NULL,
    action VARCHAR NOT NULL,
    target VARCHAR NOT NULL,
    origin VARCHAR NOT NULL,
    status INTEGER NOT NULL
);

-- The fingerprint of the privacy key the suppression list's hashes are made with: a server with another key is refused.
CREATE TABLE privacy_key (
    fingerprint VARCHAR PRIMARY KEY
);
