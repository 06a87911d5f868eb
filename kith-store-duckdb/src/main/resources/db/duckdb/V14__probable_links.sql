-- Probable links between profiles (kith-match): the last run's pairs, replaced whole by each run, and the runs.
-- Never read by identity resolution. See docs/identity-matching.md.
CREATE TABLE probable_links (
    run           BIGINT NOT NULL,
    profile_a     VARCHAR NOT NULL,
    profile_b     VARCHAR NOT NULL,
    probability   DOUBLE NOT NULL,
    match_weight  DOUBLE NOT NULL,
    prior_weight  DOUBLE NOT NULL,
    evidence      VARCHAR NOT NULL,
    model_version VARCHAR NOT NULL,
    computed_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (profile_a, profile_b)
);
CREATE INDEX probable_links_b ON probable_links (profile_b);

CREATE TABLE probable_link_runs (
    run             BIGINT PRIMARY KEY,
    run_at          TIMESTAMPTZ NOT NULL,
    model_version   VARCHAR NOT NULL,
    min_probability DOUBLE NOT NULL,
    max_probability DOUBLE NOT NULL,
    profiles        INTEGER NOT NULL,
    candidate_pairs BIGINT NOT NULL,
    links           INTEGER NOT NULL,
    promoted        INTEGER NOT NULL,
    rejected        INTEGER NOT NULL,
    above_band      INTEGER NOT NULL,
    millis          BIGINT NOT NULL
);
