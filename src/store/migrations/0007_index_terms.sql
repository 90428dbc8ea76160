-- Terms of the ICD-10-CM index files (Table of Drugs and Chemicals,
-- Neoplasm Table, External Cause Index, Index to Diseases and Injuries) attached to the codes of a version
-- they point at: search finds a code by them as by its inclusion terms
-- ("Acetaminophen, Poisoning Accidental" finds T39.1X1A, whose title says
-- "4-Aminophenol derivatives").
CREATE TABLE index_term (
    version_id INTEGER NOT NULL,
    code       TEXT NOT NULL,
    source     TEXT NOT NULL CHECK (source IN ('drug', 'neoplasm', 'external_cause', 'disease')),
    text       TEXT NOT NULL,
    PRIMARY KEY (version_id, code, source, text),
    FOREIGN KEY (version_id, code) REFERENCES code (version_id, code) ON DELETE CASCADE
) WITHOUT ROWID;
