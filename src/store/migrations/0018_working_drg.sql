-- The working MS-DRG of a chart not yet final (issue 15, backlog report):
-- what the app grouped the chart's codes to the last time a coder (the
-- lease holder), a supervisor or an admin grouped it — `chartq group`, the
-- TUI's DRG pane. Written only when it changed, audited
-- `working_drg_recorded`. The backlog report reads its weight; finalize
-- keeps writing `chart_drg`, and this row is left as the last working
-- state (the backlog only reads charts not yet final). Columns as
-- `chart_drg`'s current ones: the weight is CMS's four decimals as text,
-- NULL for 998/999.
CREATE TABLE chart_working_drg (
    chart_id     INTEGER PRIMARY KEY REFERENCES chart (id) ON DELETE CASCADE,
    drg          TEXT NOT NULL,
    drg_mdc      TEXT NOT NULL,
    drg_version  TEXT NOT NULL,
    drg_weight   TEXT,
    grouped_at   TEXT NOT NULL
);
