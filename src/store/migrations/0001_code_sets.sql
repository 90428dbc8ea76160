-- Code sets: one row per imported release, its entries and their notes.
CREATE TABLE code_set_version (
    id             INTEGER PRIMARY KEY,
    system         TEXT NOT NULL CHECK (system IN ('ICD-10-CM', 'ICD-10-PCS', 'CPT', 'HCPCS')),
    label          TEXT NOT NULL,
    effective_from TEXT NOT NULL,          -- YYYY-MM-DD
    effective_to   TEXT,                   -- YYYY-MM-DD inclusive, NULL = open
    source         TEXT NOT NULL,          -- file name it was imported from
    imported_at    TEXT NOT NULL,
    -- Counted once when the version is written: lookups by date of service
    -- run on every assignment and must not scan the version's codes.
    code_count     INTEGER NOT NULL DEFAULT 0,
    billable_count INTEGER NOT NULL DEFAULT 0,
    UNIQUE (system, label)
);

CREATE TABLE code (
    version_id  INTEGER NOT NULL REFERENCES code_set_version (id) ON DELETE CASCADE,
    code        TEXT NOT NULL,             -- as issued: E11.22, 0DTJ4ZZ, E0601
    lookup_key  TEXT NOT NULL,             -- upper case, no dot: E1122
    kind        TEXT NOT NULL CHECK (kind IN ('chapter', 'section', 'category', 'code', 'modifier')),
    billable    INTEGER NOT NULL CHECK (billable IN (0, 1)),
    short_title TEXT,
    long_title  TEXT NOT NULL,
    parent      TEXT,
    valid_until TEXT,                      -- YYYY-MM-DD last valid date of service (HCPCS termination), NULL = whole version
    seq         INTEGER NOT NULL,          -- position in the file (tabular order)
    PRIMARY KEY (version_id, code)
) WITHOUT ROWID;

CREATE INDEX code_by_key ON code (lookup_key, version_id);

CREATE TABLE code_note (
    version_id INTEGER NOT NULL,
    code       TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    text       TEXT NOT NULL,
    PRIMARY KEY (version_id, code, seq),
    FOREIGN KEY (version_id, code) REFERENCES code (version_id, code) ON DELETE CASCADE
) WITHOUT ROWID;
