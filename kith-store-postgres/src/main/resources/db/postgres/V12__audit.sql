-- The audit log of API calls and Kith's own jobs (the console's staff actions stay in staff_audit; both are read together).
CREATE TABLE audit_log (
    logged_at timestamptz NOT NULL,
    actor  text NOT NULL,
    action text NOT NULL,
    target text NOT NULL,
    origin text NOT NULL,
    status integer NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (logged_at);

-- The fingerprint of the privacy key the suppression list's hashes are made with: a server with another key is refused.
CREATE TABLE privacy_key (
    fingerprint text PRIMARY KEY
);
