-- Schema version 8: the event-to-profile projection. Each event that identity resolved has one row with the live
-- profile it belonged to when the row was written; a later merge leaves the row alone and records the absorbed id in
-- profile_aliases, so event_people (the row through the alias) always names the live profile. SQL over events groups
-- by person through event_people, whatever identifier linked each event. Written by the identity writer with the
-- profile rows, in sequence order within each transaction (so DuckDB's zone maps narrow a range of sequences).
CREATE TABLE event_profiles (
    seq        BIGINT NOT NULL,
    profile_id VARCHAR NOT NULL
);
CREATE VIEW event_people AS
    SELECT ep.seq, coalesce(a.profile_id, ep.profile_id) AS profile_id
    FROM event_profiles ep LEFT JOIN profile_aliases a ON a.id = ep.profile_id;
-- The profile rows are a projection: emptied here and written again, with their events, at the next start.
DELETE FROM profiles;
DELETE FROM profile_identifiers;
DELETE FROM profile_traits;
DELETE FROM identity_decisions;
DELETE FROM profile_aliases;
UPDATE log_position SET applied = 0 WHERE projection = 'identity';
