-- Each event's dedup key (the 64-bit hash of its source id and messageId), kept beside the row so that the store's key
-- filter is built from one BIGINT column at start, and a "maybe stored" is settled by reading the rows with that key.
-- Rows stored before this version get their key from Kith at the next open (SQL cannot compute Kith's hash).
ALTER TABLE events ADD COLUMN key_hash BIGINT;
