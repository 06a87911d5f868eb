-- Schema version 16: an ART index on events.seq, so that a read of a few events by sequence (a customer view's
-- timeline page and the sources of its identifiers, the API timeline, the event debugger) is an index scan.
-- Without it DuckDB turns `seq IN (...)` into a hash join over a scan of every row group between the lowest and highest
-- sequence asked for, decompressing the JSON of each row there: a profile's events lie all over the table, so 25 of one
-- profile's events at 8 M events read 2.6 M rows (490 ms); with it, 25 rows are fetched (5 ms). See docs/benchmarks.md.
-- Not unique: the store's own key filter settles duplicates, and a unique index would check every appended row.
CREATE INDEX events_seq ON events (seq);
