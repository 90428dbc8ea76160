-- The MS-DRG a chart was finalized with (issue 12): the DRG, its MDC, the
-- grouper version that chose it and its relative weight (CMS's four
-- decimals, kept as text so it reads back exactly; NULL for 998/999).
-- The `original_*` columns are written at the chart's first finalize with
-- a DRG and never again; the current columns follow every later finalize
-- (a review that re-groups), so the original stays beside the re-grouped
-- DRG. Outpatient charts and discharges without an installed grouper have
-- no row. Its own table: the chart row and its readers are unchanged.
CREATE TABLE chart_drg (
    chart_id                INTEGER PRIMARY KEY REFERENCES chart (id) ON DELETE CASCADE,
    drg                     TEXT,
    drg_mdc                 TEXT,
    drg_version             TEXT,
    drg_weight              TEXT,
    grouped_at              TEXT NOT NULL,
    original_drg            TEXT NOT NULL,
    original_drg_mdc        TEXT NOT NULL,
    original_drg_version    TEXT NOT NULL,
    original_drg_weight     TEXT,
    original_grouped_at     TEXT NOT NULL
);
