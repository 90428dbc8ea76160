-- Tamper evidence for the audit log. Every event gets `hash`: SHA-256 over
-- its stored column values and the previous event's hash, in the fixed
-- encoding `chartq-audit-v1` (src/store/audit_chain.rs); `mac`: an HMAC of
-- that hash with a key kept outside the database, when chartq runs with
-- CHARTQ_AUDIT_KEY_FILE. chartq registers chartq_audit_hash() and
-- chartq_audit_mac() on every connection it opens; this migration uses them
-- to chain the events already there, oldest first, and records that it did
-- as a `system` event (itself chained) when there were any.
ALTER TABLE audit_event ADD COLUMN hash BLOB;
ALTER TABLE audit_event ADD COLUMN mac BLOB;

-- The existing events get their hashes: the only UPDATE the table ever
-- sees, with the append-only trigger lifted inside this transaction.
DROP TRIGGER audit_event_no_update;

CREATE TEMP TABLE audit_chain_fill (id INTEGER PRIMARY KEY, hash BLOB NOT NULL);
WITH RECURSIVE chain (id, hash) AS (
    SELECT 0, zeroblob(32)
    UNION ALL
    SELECT e.id, chartq_audit_hash(chain.hash, e.id, e.at, e.user_login, e.real_login,
                                   e.action, e.chart_id, e.details)
    FROM chain JOIN audit_event e ON e.id = (SELECT min(id) FROM audit_event WHERE id > chain.id)
)
INSERT INTO audit_chain_fill (id, hash) SELECT id, hash FROM chain WHERE id > 0;
UPDATE audit_event SET hash = f.hash FROM audit_chain_fill f WHERE f.id = audit_event.id;
DROP TABLE audit_chain_fill;

INSERT INTO audit_event (id, at, user_login, real_login, action, chart_id, details, hash)
SELECT n.id, n.at, 'system', NULL, 'audit_log_chained', NULL, n.details,
       chartq_audit_hash(n.prev, n.id, n.at, 'system', NULL, 'audit_log_chained', NULL, n.details)
FROM (SELECT coalesce(max(id), 0) + 1 AS id,
             strftime('%Y-%m-%dT%H:%M:%SZ', 'now') AS at,
             json_object('events', count(*), 'hash', 'sha256', 'encoding', 'chartq-audit-v1') AS details,
             coalesce((SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1), zeroblob(32)) AS prev
      FROM audit_event) n
WHERE EXISTS (SELECT 1 FROM audit_event);

UPDATE audit_event SET mac = chartq_audit_mac(hash);

CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;

-- An event without a chain hash was not written by chartq.
CREATE TRIGGER audit_event_chained BEFORE INSERT ON audit_event
WHEN typeof(NEW.hash) != 'blob' OR length(NEW.hash) != 32
BEGIN
    SELECT RAISE(ABORT, 'audit events are chained: only chartq appends them');
END;
