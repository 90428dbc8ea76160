-- The reports' read policies and helpers (issue 15 on PostgreSQL),
-- re-created by every `chartq db init-postgres`; the grants come from
-- reports.rs's READ_TABLES and API_FUNCTIONS. The access matrix's reports
-- row: a coder reads only their own productivity rows; backlog, holds and
-- provider queries are for auditors and up (chartq refuses a coder first,
-- the policies return a coder nothing of anyone else's).

-- Whether any chart is in queue `p_queue` (a queue name is no patient
-- data; a coder's `--queue` typo is refused as on SQLite, whatever the
-- coder may see).
CREATE OR REPLACE FUNCTION chartq.report_queue_known(p_queue text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM chartq.chart WHERE queue = p_queue)
$$;

ALTER TABLE chartq.report_open_claim ENABLE ROW LEVEL SECURITY;
ALTER TABLE chartq.report_work ENABLE ROW LEVEL SECURITY;
ALTER TABLE chartq.report_finalized ENABLE ROW LEVEL SECURITY;
ALTER TABLE chartq.report_hold ENABLE ROW LEVEL SECURITY;
ALTER TABLE chartq.report_day ENABLE ROW LEVEL SECURITY;
ALTER TABLE chartq.report_hour ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS report_open_claim_read ON chartq.report_open_claim;
CREATE POLICY report_open_claim_read ON chartq.report_open_claim FOR SELECT USING (
    (SELECT chartq.my_rank()) >= 2);
DROP POLICY IF EXISTS report_work_read ON chartq.report_work;
CREATE POLICY report_work_read ON chartq.report_work FOR SELECT USING (
    (SELECT chartq.my_rank()) >= 2 OR user_login = session_user);
DROP POLICY IF EXISTS report_finalized_read ON chartq.report_finalized;
CREATE POLICY report_finalized_read ON chartq.report_finalized FOR SELECT USING (
    (SELECT chartq.my_rank()) >= 2 OR user_login = session_user);
DROP POLICY IF EXISTS report_day_read ON chartq.report_day;
CREATE POLICY report_day_read ON chartq.report_day FOR SELECT USING (
    (SELECT chartq.my_rank()) >= 2 OR user_login = session_user);
DROP POLICY IF EXISTS report_hold_read ON chartq.report_hold;
CREATE POLICY report_hold_read ON chartq.report_hold FOR SELECT USING (
    (SELECT chartq.my_rank()) >= 2);
DROP POLICY IF EXISTS report_hour_read ON chartq.report_hour;
CREATE POLICY report_hour_read ON chartq.report_hour FOR SELECT USING (
    (SELECT chartq.my_rank()) >= 2);
