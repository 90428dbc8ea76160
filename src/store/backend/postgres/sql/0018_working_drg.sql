-- The working MS-DRG of a chart not yet final (PostgreSQL dialect of
-- SQLite migration 0018): written only by chartq.record_working_drg, read
-- under the chart's row-level security; the backlog report reads its
-- weight.
CREATE TABLE chartq.chart_working_drg (
    chart_id    bigint PRIMARY KEY REFERENCES chartq.chart (id) ON DELETE CASCADE,
    drg         text NOT NULL,
    drg_mdc     text NOT NULL,
    drg_version text NOT NULL,
    drg_weight  text,
    grouped_at  text NOT NULL
);
