-- The event-to-profile projection. Each event that identity resolved has one row with the live profile it belonged
-- to when the row was written; a later merge leaves the row alone and records the absorbed id in profile_aliases, so
-- event_people (the row through the alias) always names the live profile. SQL over events groups by person through
-- event_people, whatever identifier linked each event. Written by the identity writer with the profile rows.
CREATE TABLE event_profiles (
    seq        bigint PRIMARY KEY,
    profile_id text NOT NULL
);
CREATE INDEX event_profiles_profile ON event_profiles (profile_id);
CREATE VIEW event_people AS
    SELECT ep.seq, coalesce(a.profile_id, ep.profile_id) AS profile_id
    FROM event_profiles ep LEFT JOIN profile_aliases a ON a.id = ep.profile_id;
-- The profile rows are a projection: emptied here and written again, with their events, at the next start.
TRUNCATE profiles, profile_identifiers, profile_traits, identity_decisions, profile_aliases;
UPDATE identity_position SET applied = 0;
