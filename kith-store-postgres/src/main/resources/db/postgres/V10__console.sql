-- The web console. Staff accounts (a password's memory-hard hash, never the password), their sessions (the SHA-256 of
-- the cookie's token, never the token) and the audit log of who viewed which profile, when.
CREATE TABLE staff_accounts (
    id                  text PRIMARY KEY,
    username            text NOT NULL UNIQUE,
    role                text NOT NULL,
    brands              text NOT NULL,
    password_hash       text NOT NULL,
    created_at          timestamptz NOT NULL,
    password_changed_at timestamptz NOT NULL
);

CREATE TABLE staff_sessions (
    token_hash text PRIMARY KEY,
    account_id text NOT NULL,
    csrf_token text NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX staff_sessions_account ON staff_sessions (account_id);

CREATE TABLE staff_audit (
    logged_at  timestamptz NOT NULL,
    account_id text NOT NULL,
    username   text NOT NULL,
    action     text NOT NULL,
    profile_id text NOT NULL
);
CREATE INDEX staff_audit_at ON staff_audit (logged_at);
