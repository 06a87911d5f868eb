-- Schema version 6: secret write keys, key rotation, brand-scoped and revocable API keys.
-- A server-side source's write key (every kind but web and mobile) is kept as 'sha256:' + the hex SHA-256 of the key,
-- never the key itself; client-side keys ship in web pages and apps, and stay as they are.
UPDATE sources SET write_key = 'sha256:' || sha256(write_key)
    WHERE kind NOT IN ('WEB', 'MOBILE') AND write_key NOT LIKE 'sha256:%';
-- The key a rotation replaced (in the same form), which works until previous_valid_until.
ALTER TABLE sources ADD COLUMN previous_write_key VARCHAR;
ALTER TABLE sources ADD COLUMN previous_valid_until TIMESTAMPTZ;
-- The brands an API key sees, comma-separated ('' for every brand), and when it was revoked (null while it works).
ALTER TABLE api_keys ADD COLUMN brands VARCHAR NOT NULL DEFAULT '';
ALTER TABLE api_keys ADD COLUMN revoked_at TIMESTAMPTZ;
