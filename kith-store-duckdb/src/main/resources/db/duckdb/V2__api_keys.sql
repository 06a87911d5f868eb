-- Schema version 2: API keys for the profile and identity APIs (only a SHA-256 of each secret is kept).
CREATE TABLE api_keys (
    id          VARCHAR PRIMARY KEY,
    name        VARCHAR NOT NULL,
    secret_hash VARCHAR NOT NULL UNIQUE,
    scopes      VARCHAR NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
