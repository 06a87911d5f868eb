-- Segments. Definitions are versioned (a new row per change, never edited); members are the current answer of each
-- segment, and segment_history every entry and exit with its time and cause. profile_values holds the values other
-- features compute per profile for segments to read: computed traits, labels, RFM, model scores and consent, each a
-- JSON value under a namespace and a name, with the definition version and time it was computed at.
CREATE TABLE segments (
    key         text NOT NULL,
    version     integer NOT NULL,
    name        text NOT NULL,
    description text NOT NULL,
    definition  text NOT NULL,
    saved_at    timestamptz NOT NULL,
    PRIMARY KEY (key, version)
);

CREATE TABLE segment_members (
    segment_key text NOT NULL,
    profile_id  text NOT NULL,
    since       timestamptz NOT NULL,
    PRIMARY KEY (segment_key, profile_id)
);

CREATE TABLE segment_history (
    segment_key text NOT NULL,
    version     integer NOT NULL,
    profile_id  text NOT NULL,
    entered     boolean NOT NULL,
    changed_at  timestamptz NOT NULL,
    as_of_seq   bigint NOT NULL,
    cause       text NOT NULL
);
CREATE INDEX segment_history_profile ON segment_history (profile_id);

CREATE TABLE profile_values (
    profile_id  text NOT NULL,
    namespace   text NOT NULL,
    name        text NOT NULL,
    value       json NOT NULL,
    version     integer NOT NULL,
    computed_at timestamptz NOT NULL,
    PRIMARY KEY (profile_id, namespace, name)
);

-- A segment reads a date from a JSON string the compiler has already matched against ISO-8601; an impossible date
-- (February 30th) is not a date, so the cast's error becomes NULL, as DuckDB's TRY_CAST gives. A date alone is midnight UTC.
CREATE FUNCTION kith_timestamptz(t text) RETURNS timestamptz LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
    IF length(t) = 10 THEN
        RETURN (t || ' 00:00:00+00')::timestamptz;
    END IF;
    RETURN t::timestamptz;
EXCEPTION WHEN others THEN
    RETURN NULL;
END
$$;
