-- Each identifier's "linked" decision (the identifier it came with, and its place in the profile's decision log)
-- moves into profile_identifiers, so that identity_decisions holds only merges, refusals and the rare linked decision
-- that matches no identifier row: a third fewer rows to write for every changed profile.
-- The profile rows are a projection of the identity graph: they are emptied here and written again by the writer.
ALTER TABLE profile_identifiers ADD COLUMN anchor_type text;
ALTER TABLE profile_identifiers ADD COLUMN anchor_value text;
-- the place of the identifier's linked decision in the profile's decision log (identity_decisions.ord counts the same way)
ALTER TABLE profile_identifiers ADD COLUMN decision_ord integer;
TRUNCATE profiles, profile_identifiers, profile_traits, identity_decisions, profile_aliases;
UPDATE identity_position SET applied = 0;
