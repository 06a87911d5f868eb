-- Schema version 11: the web console. Staff accounts (a password's memory-hard hash, never the password), their
-- sessions (the SHA-256 of the cookie's token, never the token) and the audit log of who viewed which profile, when.
CREATE TABLE staff_accounts (
    id                  VARCHAR PRIMARY KEY,
    username            VARCHAR NOT NULL UNIQUE,
    role                VARCHAR NOT NULL,
    brands              VARCHAR NOT NULL,
    password_hash       VARCHAR NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL,
    password_changed_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE staff_sessions (
    token_hash VARCHAR NOT NULL,
    account_id VARCHAR NOT NULL,
    csrf_token VARCHAR NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE staff_audit (
    logged_at  TIMESTAMPTZ NOT NULL,
    account_id VARCHAR NOT NULL,
    username   VARCHAR NOT NULL,
    action     VARCHAR NOT NULL,
    profile_id VARCHAR NOT NULL
);
