-- A site's official POA-exempt list per fiscal year (PostgreSQL dialect of
-- SQLite migration 0012).
CREATE TABLE chartq.poa_exempt_list (
    fiscal_year integer PRIMARY KEY CHECK (fiscal_year BETWEEN 2000 AND 2200),
    source      text NOT NULL,
    imported_at timestamptz NOT NULL DEFAULT now(),
    code_count  integer NOT NULL
);
CREATE TABLE chartq.poa_exempt_code (
    fiscal_year integer NOT NULL REFERENCES chartq.poa_exempt_list (fiscal_year) ON DELETE CASCADE,
    code        text NOT NULL,
    PRIMARY KEY (fiscal_year, code)
);
