-- A site's official POA-exempt list per fiscal year (`chartq codes import
-- poa FILE`): it replaces, for discharges in that year, the list chartq
-- bundles (FY2026) or derives from it (later years). Codes without dots,
-- upper case.
CREATE TABLE poa_exempt_list (
    fiscal_year INTEGER PRIMARY KEY CHECK (fiscal_year BETWEEN 2000 AND 2200),
    source      TEXT NOT NULL,             -- file name it was imported from
    imported_at TEXT NOT NULL,
    code_count  INTEGER NOT NULL
);

CREATE TABLE poa_exempt_code (
    fiscal_year INTEGER NOT NULL REFERENCES poa_exempt_list (fiscal_year) ON DELETE CASCADE,
    code        TEXT NOT NULL,
    PRIMARY KEY (fiscal_year, code)
) WITHOUT ROWID;
