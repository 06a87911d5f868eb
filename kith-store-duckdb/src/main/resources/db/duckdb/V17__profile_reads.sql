-- Schema version 17: ART indexes on the profile id of the tables a customer view (and the API's profile reads) read one
-- profile from. Without them each read is a scan of the whole table: at 100,000 customers the values table holds about
-- 40 rows per profile (6.4 M rows) and a profile's values took 13.8 ms at p50 and 144 ms at p99 on the 2-core machine
-- under load; with the index, 1.2 and 5.2 ms. The price is paid by the segment engine's writes of those tables: appending
-- 6.4 M values took 19.8 s instead of 13.1 s, deleting 4,096 profiles' values 0.73 s instead of 0.17 s (same run; see
-- docs/benchmarks.md). Segment history only grows (every entry and exit), so its per-profile read grew without end.
-- Not unique: a unique index would check every appended row, and DuckDB checks it eagerly inside a transaction that
-- deletes and re-inserts the same key.
CREATE INDEX profile_values_profile ON profile_values (profile_id);
CREATE INDEX segment_members_profile ON segment_members (profile_id);
CREATE INDEX segment_history_profile ON segment_history (profile_id);
