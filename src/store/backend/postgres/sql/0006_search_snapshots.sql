-- The search index of one code-set version, serialized (PostgreSQL dialect
-- of SQLite migration 0006). `sha256` is computed by the server from the
-- bytes, never sent: it names the snapshot in each host's cache
-- (`store::snapshot_cache`), which checks every cached file against it.
CREATE TABLE chartq.search_snapshot (
    version_id bigint PRIMARY KEY REFERENCES chartq.code_set_version (id) ON DELETE CASCADE,
    format     bigint NOT NULL,
    data       bytea NOT NULL,
    sha256     bytea GENERATED ALWAYS AS (sha256(data)) STORED
);
-- Snapshots are fetched whole by a process whose cache misses; no TOAST
-- compression (the bytes do not compress well, and decompressing costs
-- every first search).
ALTER TABLE chartq.search_snapshot ALTER COLUMN data SET STORAGE EXTERNAL;
