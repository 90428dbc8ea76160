-- The Alphabetic Index as the tree coders walk, one per ICD-10-CM version
-- (PostgreSQL dialect of SQLite migration 0014).
CREATE TABLE chartq.index_node (
    version_id    bigint NOT NULL REFERENCES chartq.code_set_version (id) ON DELETE CASCADE,
    seq           integer NOT NULL,
    parent_seq    integer,
    title         text NOT NULL,
    nemod         text,
    code          text,
    code_kind     text CHECK (code_kind IN ('code', 'subcat', 'seecat')),
    incomplete    boolean NOT NULL DEFAULT false,
    manifestation text,
    see           text,
    see_also      text,
    PRIMARY KEY (version_id, seq)
);
CREATE TABLE chartq.index_tree (
    version_id  bigint PRIMARY KEY REFERENCES chartq.code_set_version (id) ON DELETE CASCADE,
    fiscal_year integer
);
