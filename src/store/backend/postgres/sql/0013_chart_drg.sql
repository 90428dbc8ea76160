-- The MS-DRG a chart was finalized with (PostgreSQL dialect of SQLite
-- migration 0013): written only by chartq.finalize_chart, read under the
-- chart's row-level security.
CREATE TABLE chartq.chart_drg (
    chart_id             bigint PRIMARY KEY REFERENCES chartq.chart (id) ON DELETE CASCADE,
    drg                  text,
    drg_mdc              text,
    drg_version          text,
    drg_weight           text,
    grouped_at           text NOT NULL,
    original_drg         text NOT NULL,
    original_drg_mdc     text NOT NULL,
    original_drg_version text NOT NULL,
    original_drg_weight  text,
    original_grouped_at  text NOT NULL
);
