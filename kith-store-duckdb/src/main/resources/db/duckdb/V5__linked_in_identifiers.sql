-- Schema version 5: each identifier's "linked" decision (the identifier it came with, and its place in the profile's
-- decision log) moves into profile_identifiers, so that identity_decisions holds only merges, refusals and the rare
-- linked decision that matches no identifier row: a third fewer rows to write for every changed profile.
-- The profile rows are a projection of the identity graph: they are emptied here and written again at the next start.
ALTER TABLE profile_identifiers ADD COLUMN anchor_type VARCHAR;
ALTER TABLE profile_identifiers ADD COLUMN anchor_value VARCHAR;
-- the place of the identifier's linked decision in the profile's decision log (identity_decisions.ord counts the same way)
ALTER TABLE profile_identifiers ADD COLUMN decision_ord INTEGER;
DELETE FROM profiles;
DELETE FROM profile_identifiers;
DELETE FROM profile_traits;
DELETE FROM identity_decisions;
DELETE FROM profile_aliases;
UPDATE log_position SET applied = 0 WHERE projection = 'identity';
