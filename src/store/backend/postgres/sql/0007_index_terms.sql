-- Terms of the ICD-10-CM index files attached to the codes they point at
-- (PostgreSQL dialect of SQLite migration 0007).
CREATE TABLE chartq.index_term (
    version_id bigint NOT NULL,
    code       text NOT NULL,
    source     text NOT NULL CHECK (source IN ('drug', 'neoplasm', 'external_cause', 'disease')),
    text       text NOT NULL,
    PRIMARY KEY (version_id, code, source, text),
    FOREIGN KEY (version_id, code) REFERENCES chartq.code (version_id, code) ON DELETE CASCADE
);
