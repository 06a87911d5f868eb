-- Probable links between profiles (kith-match): the last run's pairs, replaced whole by each run, and the runs.
-- Never read by identity resolution. See docs/identity-matching.md.
CREATE TABLE probable_links (
    run           bigint NOT NULL,
    profile_a     text NOT NULL,
    profile_b     text NOT NULL,
    probability   double precision NOT NULL,
    match_weight  double precision NOT NULL,
    prior_weight  double precision NOT NULL,
    evidence      text NOT NULL,
    model_version text NOT NULL,
    computed_at   timestamptz NOT NULL,
    PRIMARY KEY (profile_a, profile_b)
);
CREATE INDEX probable_links_b ON probable_links (profile_b);

CREATE TABLE probable_link_runs (
    run             bigint PRIMARY KEY,
    run_at          timestamptz NOT NULL,
    model_version   text NOT NULL,
    min_probability double precision NOT NULL,
    max_probability double precision NOT NULL,
    profiles        integer NOT NULL,
    candidate_pairs bigint NOT NULL,
    links           integer NOT NULL,
    promoted        integer NOT NULL,
    rejected        integer NOT NULL,
    above_band      integer NOT NULL,
    millis          bigint NOT NULL
);
