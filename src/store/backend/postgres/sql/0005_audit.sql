-- The audit log (PostgreSQL dialect of 0005_audit.sql): append-only, by
-- trigger against everyone, and by grants: no chartq role may INSERT,
-- UPDATE or DELETE it; rows come only from chartq.audit_append (0009).
CREATE TABLE chartq.audit_event (
    id         bigint PRIMARY KEY,
    at         text NOT NULL,
    user_login text NOT NULL,
    real_login text,
    action     text NOT NULL,
    chart_id   bigint REFERENCES chartq.chart (id),
    details    text NOT NULL DEFAULT '{}' CHECK (details::jsonb IS NOT NULL)
);
CREATE INDEX audit_by_chart ON chartq.audit_event (chart_id, id);
CREATE INDEX audit_by_user ON chartq.audit_event (user_login, id);
CREATE INDEX audit_by_time ON chartq.audit_event (at);

CREATE FUNCTION chartq.audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only' USING ERRCODE = '42501';
END $$;
CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON chartq.audit_event
    FOR EACH ROW EXECUTE FUNCTION chartq.audit_append_only();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON chartq.audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION chartq.audit_append_only();
