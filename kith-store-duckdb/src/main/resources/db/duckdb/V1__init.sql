-- Kith's embedded store, schema version 1: sources, quarantine, the events table and its log position.
CREATE TABLE sources (
    id             VARCHAR PRIMARY KEY,
    name           VARCHAR NOT NULL,
    brand          VARCHAR NOT NULL,
    kind           VARCHAR NOT NULL,
    default_region VARCHAR,
    write_key      VARCHAR NOT NULL UNIQUE,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
);

CREATE SEQUENCE quarantine_order START 1;
CREATE TABLE quarantine (
    ord         BIGINT NOT NULL DEFAULT nextval('quarantine_order'),
    id          VARCHAR NOT NULL,
    source_id   VARCHAR,
    received_at TIMESTAMPTZ NOT NULL,
    code        VARCHAR NOT NULL,
    path        VARCHAR NOT NULL,
    reason      VARCHAR NOT NULL,
    raw         VARCHAR NOT NULL
);

CREATE TABLE events (
    seq          BIGINT NOT NULL,
    message_id   VARCHAR NOT NULL,
    type         VARCHAR NOT NULL,
    source_id    VARCHAR NOT NULL,
    brand        VARCHAR NOT NULL,
    user_id      VARCHAR,
    anonymous_id VARCHAR,
    event        VARCHAR,
    ts           TIMESTAMPTZ NOT NULL,
    received_at  TIMESTAMPTZ NOT NULL,
    json         VARCHAR NOT NULL
);

CREATE TABLE log_position (
    projection VARCHAR PRIMARY KEY,
    applied    BIGINT NOT NULL
);
INSERT INTO log_position VALUES ('events', 0);
