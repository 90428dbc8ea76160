-- The search index of one code-set version, serialized, so that a one-shot
-- `chartq search` loads it instead of re-splitting every title. A cache:
-- written after an import (or by the first search that finds it missing or
-- written by another chartq build), dropped with its version.
CREATE TABLE search_snapshot (
    version_id INTEGER PRIMARY KEY REFERENCES code_set_version (id) ON DELETE CASCADE,
    format     INTEGER NOT NULL,            -- layout fingerprint of the build that wrote it
    data       BLOB NOT NULL
);
