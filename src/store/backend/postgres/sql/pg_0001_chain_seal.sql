-- PostgreSQL-only step 1 (issue 13): the audit chain is linked after
-- commit, not inside each writer's transaction. Before, every appender
-- locked the chain's head until commit, so claims committed one fsync at a
-- time; now chartq.audit_append only inserts the event (its id from a
-- sequence, its time and user set by the server as before) and marks it
-- pending, and chartq.audit_seal links committed pending events, under an
-- advisory lock, in the order it finds them committed: each gets the next
-- chain position and its hash (encoding chartq-audit-v1 over the previous
-- link's hash and the event's stored columns, as before). The chain's
-- order is the position, not the id: an event whose transaction commits
-- after a later id's is linked after it. Events from before this step keep
-- their hashes, copied here as positions 1..n (position = id).
-- No chartq role may write either table; links are append-only (by
-- trigger), pending marks are deleted only by the sealer. No foreign keys
-- (a check per claim, and per link): verify joins each link to its event,
-- so a link without one shows as a gap in the positions.
-- No event may commit between the copy below and the sequence's start
-- (an old binary's append during the upgrade waits for it).
LOCK TABLE chartq.audit_event IN SHARE ROW EXCLUSIVE MODE;
CREATE SEQUENCE chartq.audit_event_id_seq;
SELECT setval('chartq.audit_event_id_seq',
    coalesce((SELECT max(id) FROM chartq.audit_event), 0) + 1, false);

CREATE TABLE chartq.audit_pending (
    id bigint PRIMARY KEY
);

CREATE TABLE chartq.audit_seal (
    pos      bigint PRIMARY KEY,
    event_id bigint NOT NULL UNIQUE,
    hash     bytea NOT NULL
);
INSERT INTO chartq.audit_seal (pos, event_id, hash)
SELECT id, id, coalesce(hash, '\x'::bytea) FROM chartq.audit_event ORDER BY id;

CREATE TRIGGER audit_seal_no_update BEFORE UPDATE OR DELETE ON chartq.audit_seal
    FOR EACH ROW EXECUTE FUNCTION chartq.audit_append_only();
CREATE TRIGGER audit_seal_no_truncate BEFORE TRUNCATE ON chartq.audit_seal
    FOR EACH STATEMENT EXECUTE FUNCTION chartq.audit_append_only();

-- Row-level security on both (auditors and up read them) is in
-- migrate.rs's POLICIES, re-created by every init after the functions.
