-- Schema version 14: a source's latest events (the console's event debugger) read by index, not by walking the whole
-- table backwards past other sources' events. DuckDB scans its columns instead (no index: it would slow its appender).
CREATE INDEX events_source_seq ON events (source_id, seq);
