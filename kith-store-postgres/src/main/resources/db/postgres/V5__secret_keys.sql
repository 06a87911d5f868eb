-- Secret write keys, key rotation, brand-scoped and revocable API keys.
-- A server-side source's write key (every kind but web and mobile) is kept as 'sha256:' + the hex SHA-256 of the key,
-- never the key itself; client-side keys ship in web pages and apps, and stay as they are.
UPDATE sources SET write_key = 'sha256:' || encode(sha256(convert_to(write_key, 'UTF8')), 'hex')
    WHERE kind NOT IN ('WEB', 'MOBILE') AND write_key NOT LIKE 'sha256:%';
-- The key a rotation replaced (in the same form), which works until previous_valid_until.
ALTER TABLE sources ADD COLUMN previous_write_key text;
ALTER TABLE sources ADD COLUMN previous_valid_until timestamptz;
-- The brands an API key sees, comma-separated ('' for every brand), and when it was revoked (null while it works).
ALTER TABLE api_keys ADD COLUMN brands text NOT NULL DEFAULT '';
ALTER TABLE api_keys ADD COLUMN revoked_at timestamptz;
