-- The audit log: every change and every chart view. Append-only: the
-- triggers refuse UPDATE and DELETE, so not even chartq can rewrite history.
CREATE TABLE audit_event (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,              -- UTC, YYYY-MM-DDTHH:MM:SSZ
    user_login TEXT NOT NULL,              -- who the action was done as ('system' for lease expiry)
    real_login TEXT,                       -- the admin behind `--as`, when not the same
    action     TEXT NOT NULL,
    chart_id   INTEGER REFERENCES chart (id),
    details    TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details))
);
CREATE INDEX audit_by_chart ON audit_event (chart_id, id);
CREATE INDEX audit_by_user ON audit_event (user_login, id);
CREATE INDEX audit_by_time ON audit_event (at);

CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;

CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;
