-- PostgreSQL-only step 5 (issue 13, docs/pg-claims4-notes.md): claims.
--
-- 1. The new charts assigned to someone, per assignee in claim order: a
--    coder's claim (chartq.claim, sql/queue_functions.sql) reads them
--    beside each joined queue's head (chart_queue_new) when the coder has
--    not joined every queue with new charts. Partial on new charts with an
--    assignee, so a claim (which makes a chart in progress and clears the
--    assignee) and an import (no assignee) never write an entry.
CREATE INDEX IF NOT EXISTS chart_assigned_new ON chartq.chart
    (assigned_to, priority, (coalesce(due_date, '9999-12-31')), date_of_service, id)
    WHERE status = 'new' AND assigned_to IS NOT NULL;

-- 2. The reports' trigger on the audit log no longer fires for
--    `chart_claimed`: chartq.claim, the only writer of that action, keeps
--    chartq.report_open_claim itself, in the same transaction, right
--    after the event (a trigger call, a definer function's entry and a
--    read of the chart per claim saved). The function's `chart_claimed`
--    branch stays, never reached.
--    Keep this list equal to the other actions the function handles.
DROP TRIGGER IF EXISTS report_audit_event ON chartq.audit_event;
CREATE TRIGGER report_audit_event AFTER INSERT ON chartq.audit_event
    FOR EACH ROW
    WHEN (NEW.chart_id IS NOT NULL AND NEW.action IN ('chart_released',
        'chart_held', 'chart_finalized', 'lease_expired', 'provider_query_opened',
        'chart_assigned'))
    EXECUTE FUNCTION chartq.report_audit_event();

-- 3. The reviews in review by lease end: chartq.review_ran_out reads its
--    first entry (as chartq.lease_ran_out reads chart_lease), so the
--    review sweep run by every review claim reads one index entry when no
--    review lease has run out. Before, chartq.review_expire walked every
--    review in review (review_by_status) and filtered each by lease end,
--    on every review claim.
CREATE INDEX IF NOT EXISTS review_lease ON chartq.review (lease_until)
    WHERE status = 'in_review';
