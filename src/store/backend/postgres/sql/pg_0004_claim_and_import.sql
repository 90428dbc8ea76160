-- PostgreSQL-only step 4 (issue 13): claims and chart imports at speed.
--
-- 1. The reports' trigger on the audit log (0016_reports.sql) fires only
--    for the actions it keeps a table for. Before, every audit event ran
--    the definer function, which read the chart row before finding
--    nothing to do: a chart import's 100,000 `chart_created` events paid a
--    function call and a lookup each. The WHEN clause is checked by the
--    server without calling the function. Keep this list equal to the
--    actions chartq.report_audit_event handles (its IF branches): an
--    action handled there but missing here would never reach it.
DROP TRIGGER IF EXISTS report_audit_event ON chartq.audit_event;
CREATE TRIGGER report_audit_event AFTER INSERT ON chartq.audit_event
    FOR EACH ROW
    WHEN (NEW.chart_id IS NOT NULL AND NEW.action IN ('chart_claimed', 'chart_released',
        'chart_held', 'chart_finalized', 'lease_expired', 'provider_query_opened',
        'chart_assigned'))
    EXECUTE FUNCTION chartq.report_audit_event();

-- 2. The index a claim reads (chartq.claim, sql/queue_functions.sql),
--    shaped so the planner cannot prefer a walk over claimed charts. With
--    the statistics of a freshly imported queue (every chart `new`) it
--    picked the whole list order, or all in-progress charts for the lease
--    sweep, and filtered: each claim visited every chart claimed before
--    it (3,300 rows per claim halfway through a 5,000-chart drain, 540
--    claims/s at 64 clients). The new charts in claim order, alone (the
--    lease sweep's check reads chart_lease, sql/queue_functions.sql):
CREATE INDEX IF NOT EXISTS chart_new_order ON chartq.chart
    (priority, (coalesce(due_date, '9999-12-31')), date_of_service, id) WHERE status = 'new';
