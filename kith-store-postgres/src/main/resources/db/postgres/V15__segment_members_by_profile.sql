-- Schema version 15: the segments a profile is in, read by every customer view, by profile id. The primary key
-- (segment_key, profile_id) leads with the segment, so without this index the read scanned every membership.
CREATE INDEX segment_members_profile ON segment_members (profile_id);
