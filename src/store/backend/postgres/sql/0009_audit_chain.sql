-- The audit chain (PostgreSQL dialect of 0009_audit_chain.sql), written by
-- the server: chartq.audit_append hashes each event with the encoding
-- `chartq-audit-v1` of src/store/audit_chain (SHA-256 over the previous
-- hash and the stored column values: id, at, user_login, real_login,
-- action, chart_id, details; text as UTF-8 with its length, integers as 8
-- bytes big-endian), so `chartq audit verify` checks both backends with
-- one verifier. A lock on the one row of audit_head serializes appenders
-- (consecutive ids); its columns are from the first version and unused.
ALTER TABLE chartq.audit_event ADD COLUMN hash bytea;
ALTER TABLE chartq.audit_event ADD COLUMN mac bytea;

CREATE TABLE chartq.audit_head (
    one     boolean PRIMARY KEY DEFAULT true CHECK (one),
    last_id bigint NOT NULL,
    hash    bytea NOT NULL
);
INSERT INTO chartq.audit_head (last_id, hash) VALUES (0, decode(repeat('00', 32), 'hex'));
