-- The Alphabetic Index (Index to Diseases and Injuries) as the tree coders
-- walk, one per ICD-10-CM version: each term in preorder (`seq`), its
-- parent, title, nonessential modifiers, the code it leads to with the
-- manifestation code printed in brackets, and its "see" / "see also"
-- cross-references. Codes are kept as printed (not joined to `code`): an
-- index code may be a category or missing from the version, which the
-- reader flags rather than the import refusing.
CREATE TABLE index_node (
    version_id    INTEGER NOT NULL REFERENCES code_set_version (id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL,
    parent_seq    INTEGER,
    title         TEXT NOT NULL,
    nemod         TEXT,
    code          TEXT,
    code_kind     TEXT CHECK (code_kind IN ('code', 'subcat', 'seecat')),
    incomplete    INTEGER NOT NULL DEFAULT 0,
    manifestation TEXT,
    see           TEXT,
    see_also      TEXT,
    PRIMARY KEY (version_id, seq)
) WITHOUT ROWID;

-- The index file's own fiscal year, per version whose tree was imported.
CREATE TABLE index_tree (
    version_id  INTEGER PRIMARY KEY REFERENCES code_set_version (id) ON DELETE CASCADE,
    fiscal_year INTEGER
);
