-- The core's functions, re-created by every `chartq db init-postgres` (not
-- a numbered migration: code, not data). Every function that changes state
-- is SECURITY DEFINER with a fixed search_path, checks session_user
-- against the access matrix (src/store/access.rs, src/domain/people.rs)
-- and appends the audit event itself. Refusals use SQLSTATE class CQ:
-- CQ401 not a user, CQ403 forbidden, CQ404 not found (HINT: what),
-- CQ409 conflict, CQ400 invalid (see connect.rs, pg_error).

CREATE OR REPLACE FUNCTION chartq.rank(p_role text) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE p_role WHEN 'coder' THEN 1 WHEN 'auditor' THEN 2
        WHEN 'supervisor' THEN 3 WHEN 'admin' THEN 4 ELSE 0 END
$$;

-- The session's own user row (NULL when the login is not a chartq user).
CREATE OR REPLACE FUNCTION chartq.my_id() RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
    SELECT id FROM chartq.app_user WHERE login = session_user
$$;
CREATE OR REPLACE FUNCTION chartq.my_rank() RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
    SELECT coalesce((SELECT chartq.rank(role) FROM chartq.app_user WHERE login = session_user), 0)
$$;

-- Whether user `p_user` asked a provider query on chart `p_chart`: part of
-- what a coder sees. pg-coding's provider-query migration replaces it.
DO $$
BEGIN
    IF to_regprocedure('chartq.asked_on(bigint, bigint)') IS NULL THEN
        CREATE FUNCTION chartq.asked_on(p_chart bigint, p_user bigint) RETURNS boolean
        LANGUAGE sql STABLE AS 'SELECT false';
    END IF;
END $$;

-- The user acting: session_user, or for an admin's --as the user named.
CREATE OR REPLACE FUNCTION chartq.actor(p_as text) RETURNS chartq.app_user
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE
    me chartq.app_user;
    other chartq.app_user;
BEGIN
    SELECT * INTO me FROM chartq.app_user WHERE login = session_user;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'CQ401', MESSAGE = session_user::text;
    END IF;
    IF p_as IS NULL OR p_as = me.login THEN
        RETURN me;
    END IF;
    IF me.role <> 'admin' THEN
        RAISE EXCEPTION USING ERRCODE = 'CQ403', MESSAGE = format(
            'only an admin may act as another user (you are %s ''%s'')', me.role, me.login);
    END IF;
    SELECT * INTO other FROM chartq.app_user WHERE login = p_as;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'CQ404', MESSAGE = p_as, HINT = 'user';
    END IF;
    RETURN other;
END $$;

-- The real login behind --as (NULL when acting as oneself).
CREATE OR REPLACE FUNCTION chartq.real_login(p_as text) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN p_as IS NOT NULL AND p_as <> session_user THEN session_user::text END
$$;

CREATE OR REPLACE FUNCTION chartq.require_rank(me chartq.app_user, p_role text, p_what text)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF chartq.rank(me.role) < chartq.rank(p_role) THEN
        RAISE EXCEPTION USING ERRCODE = 'CQ403', MESSAGE = format(
            '%s needs the %s role (you are %s ''%s'')', p_what, p_role, me.role, me.login);
    END IF;
END $$;

-- The audit chain's fields (encoding chartq-audit-v1). STABLE, not
-- IMMUTABLE: convert_to is STABLE, and a SQL function declared more
-- stable than its body is never inlined (a call cost 200 µs, not 5).
CREATE OR REPLACE FUNCTION chartq.audit_text(t text) RETURNS bytea
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN t IS NULL THEN '\x00'::bytea
        ELSE '\x03'::bytea || int8send(octet_length(convert_to(t, 'UTF8'))::bigint)
             || convert_to(t, 'UTF8') END
$$;
CREATE OR REPLACE FUNCTION chartq.audit_int(n bigint) RETURNS bytea
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN n IS NULL THEN '\x00'::bytea ELSE '\x01'::bytea || int8send(n) END
$$;

-- One link of the audit chain: SHA-256 over the previous link's hash and
-- the event's stored columns (encoding chartq-audit-v1, as
-- src/store/audit_chain's event_hash).
CREATE OR REPLACE FUNCTION chartq.audit_hash(p_prev bytea, p_id bigint, p_at text, p_user text,
                                             p_real text, p_action text, p_chart bigint,
                                             p_details text)
RETURNS bytea LANGUAGE sql STABLE AS $$
    SELECT sha256(convert_to('chartq-audit-v1', 'UTF8') || '\x00'::bytea
        || '\x04'::bytea || int8send(length(p_prev)::bigint) || p_prev
        || chartq.audit_int(p_id) || chartq.audit_text(p_at) || chartq.audit_text(p_user)
        || chartq.audit_text(p_real) || chartq.audit_text(p_action)
        || chartq.audit_int(p_chart) || chartq.audit_text(p_details))
$$;

-- Links committed pending events into the chain (pg_0001_chain_seal.sql):
-- under an advisory lock, each pending event it sees (oldest id first, at
-- most p_limit; NULL: all) gets the next position and its hash, and its
-- pending mark goes. Writers call it with p_wait false and never wait:
-- when another transaction holds the lock (it seals until it commits),
-- they leave the work to the next. The lock is taken before the rows are
-- read, and each statement of a READ COMMITTED transaction reads what was
-- committed when it began, so a sealer sees the links the previous holder
-- committed. Only READ COMMITTED transactions seal (an older snapshot
-- would not see the last link). Executable by no chartq role.
-- Plan-proof (issue 13, pg_claims4): the pending events are read as a
-- nested loop, the marks (audit_pending_pkey, in id order) driving one
-- audit_event_pkey lookup each, and the marks are deleted by id. With the
-- statistics of a log that had grown since its last ANALYZE the planner
-- chose a merge join that walked audit_event from its first event up to
-- the first pending one (7,660 events, 2,461 buffers, 1.4 ms when a claim
-- sealed one event; every event ever written, on a long log), and a
-- sequential scan of audit_pending for the delete.
CREATE OR REPLACE FUNCTION chartq.audit_seal(p_wait boolean, p_limit bigint)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER
SET search_path = chartq, pg_temp SET enable_mergejoin = off SET enable_hashjoin = off
SET enable_sort = off SET enable_seqscan = off SET enable_bitmapscan = off AS $$
DECLARE
    v_pos bigint;
    v_prev bytea;
    v_first bigint;
    v_ids bigint[] := '{}';
    r record;
BEGIN
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RETURN 0;
    END IF;
    IF p_wait THEN
        PERFORM pg_advisory_xact_lock(7243014);
    ELSIF NOT pg_try_advisory_xact_lock(7243014) THEN
        RETURN 0;
    END IF;
    SELECT s.pos, s.hash INTO v_pos, v_prev FROM chartq.audit_seal s ORDER BY s.pos DESC LIMIT 1;
    IF NOT FOUND THEN
        v_pos := 0;
        v_prev := decode(repeat('00', 32), 'hex');
    END IF;
    v_first := v_pos + 1;
    FOR r IN SELECT e.id, e.at, e.user_login, e.real_login, e.action, e.chart_id, e.details
             FROM (SELECT p.id FROM chartq.audit_pending p ORDER BY p.id LIMIT p_limit) p
             JOIN chartq.audit_event e ON e.id = p.id
             ORDER BY p.id
    LOOP
        v_pos := v_pos + 1;
        v_prev := chartq.audit_hash(v_prev, r.id, r.at, r.user_login, r.real_login, r.action,
                                    r.chart_id, r.details);
        INSERT INTO chartq.audit_seal (pos, event_id, hash) VALUES (v_pos, r.id, v_prev);
        v_ids := v_ids || r.id;
    END LOOP;
    IF v_pos >= v_first THEN
        DELETE FROM chartq.audit_pending p WHERE p.id = ANY (v_ids);
    END IF;
    RETURN v_pos - v_first + 1;
END $$;

-- Seals everything committed, waiting for the lock: for `audit verify`
-- and `audit head` (auditors and up).
CREATE OR REPLACE FUNCTION chartq.audit_seal_now() RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
BEGIN
    IF chartq.my_rank() < 2 THEN
        RAISE EXCEPTION USING ERRCODE = 'CQ403',
            MESSAGE = 'sealing the audit log needs the auditor role';
    END IF;
    RETURN chartq.audit_seal(true, NULL);
END $$;

-- A transaction's first append tries to seal what others committed, at
-- most 2,000 events (a backlog is worked off by the writes that follow).
CREATE OR REPLACE FUNCTION chartq.audit_seal_once() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
BEGIN
    IF current_setting('chartq.seal_tried', true) IS DISTINCT FROM 'yes' THEN
        PERFORM set_config('chartq.seal_tried', 'yes', true);
        PERFORM chartq.audit_seal(false, 2000);
    END IF;
END $$;

-- Appends one audit event: id (a sequence), time (the server's now()) and
-- user set here, marked pending; chartq.audit_seal links it into the chain
-- once it is committed. Executable by no chartq role: only the definer
-- functions (running as the schema's owner) call it. Appenders no longer
-- wait for each other: the old lock on chartq.audit_head, held to commit,
-- made every claim wait for the fsync of the claim before it.
CREATE OR REPLACE FUNCTION chartq.audit_append(p_user text, p_real text, p_action text,
                                               p_chart bigint, p_details jsonb)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE
    v_id bigint := nextval('chartq.audit_event_id_seq');
BEGIN
    PERFORM chartq.audit_seal_once();
    INSERT INTO chartq.audit_event (id, at, user_login, real_login, action, chart_id, details)
    VALUES (v_id, chartq.stamp(now()), p_user, p_real, p_action, p_chart,
            coalesce(p_details, '{}'::jsonb)::text);
    INSERT INTO chartq.audit_pending (id) VALUES (v_id);
    RETURN v_id;
END $$;

-- An event by the actor (with the real login behind --as).
CREATE OR REPLACE FUNCTION chartq.audit(me chartq.app_user, p_as text, p_action text,
                                        p_chart bigint, p_details jsonb)
RETURNS bigint LANGUAGE sql AS $$
    SELECT chartq.audit_append(me.login, chartq.real_login(p_as), p_action, p_chart, p_details)
$$;

-- The server's time as chartq stamps it.
CREATE OR REPLACE FUNCTION chartq.stamp(t timestamptz) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
$$;
CREATE OR REPLACE FUNCTION chartq.epoch() RETURNS bigint
LANGUAGE sql STABLE AS $$ SELECT floor(extract(epoch FROM now()))::bigint $$;

-- Whether `me` may see chart `c` (the access matrix); never NULL (a NULL
-- here once let `NOT can_see` pass).
CREATE OR REPLACE FUNCTION chartq.can_see(me chartq.app_user, c chartq.chart) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT coalesce(chartq.rank(me.role) >= 2
        OR c.queue IN (SELECT m.queue FROM chartq.queue_member m WHERE m.user_id = me.id)
        OR c.coder_id = me.id OR c.coded_by = me.id OR c.assigned_to = me.id
        OR c.lease_holder = me.id OR chartq.asked_on(c.id, me.id), false)
$$;

-- The chart `me` names (by id or by account), locked; `chart KEY not
-- found` also for one they may not see.
CREATE OR REPLACE FUNCTION chartq.resolve(me chartq.app_user, p_id bigint, p_account text)
RETURNS chartq.chart LANGUAGE plpgsql AS $$
DECLARE c chartq.chart;
BEGIN
    IF p_id IS NOT NULL THEN
        SELECT * INTO c FROM chartq.chart WHERE id = p_id FOR UPDATE;
    ELSE
        SELECT * INTO c FROM chartq.chart WHERE account = btrim(p_account) FOR UPDATE;
    END IF;
    IF NOT FOUND OR NOT chartq.can_see(me, c) THEN
        RAISE EXCEPTION USING ERRCODE = 'CQ404', HINT = 'chart',
            MESSAGE = coalesce('#' || p_id::text, btrim(p_account));
    END IF;
    RETURN c;
END $$;

-- Whether any lease has run out: the first lease end in the partial
-- index chart_lease, read as one index entry. Plan-proof on purpose: with
-- statistics taken while every chart was new (a queue just imported) the
-- planner counts one in-progress chart, costs every index alike, and
-- picked chart_status_order, filtering every chart in progress on each
-- claim (2.8-5 ms at 3,500 in progress, a quarter of the server's CPU in a
-- 64-coder drain). Only chart_lease gives the rows in lease order; with
-- sorting disabled for this one statement, no other plan is cheaper.
-- PL/pgSQL, not SQL: a SQL function with a SET clause is planned on every
-- call, a PL/pgSQL statement once per session.
CREATE OR REPLACE FUNCTION chartq.lease_ran_out() RETURNS boolean
LANGUAGE plpgsql STABLE SET enable_sort = off AS $$
DECLARE first_end bigint;
BEGIN
    SELECT ch.lease_until INTO first_end FROM chartq.chart ch
    WHERE ch.status = 'in_progress' ORDER BY ch.lease_until LIMIT 1;
    RETURN coalesce(first_end < chartq.epoch(), false);
END $$;

-- Returns charts whose lease ran out to `new`, nobody's, one
-- `lease_expired` event by `system` each. Any chartq role may run it. When
-- none has run out (nearly always), one index entry is read.
CREATE OR REPLACE FUNCTION chartq.expire_leases() RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE r record; n integer := 0;
BEGIN
    IF NOT chartq.lease_ran_out() THEN
        RETURN 0;
    END IF;
    FOR r IN SELECT c.id, u.login FROM chartq.chart c
             LEFT JOIN chartq.app_user u ON u.id = c.lease_holder
             WHERE c.status = 'in_progress' AND c.lease_until < chartq.epoch()
             FOR UPDATE OF c SKIP LOCKED
    LOOP
        UPDATE chartq.chart SET status = 'new', lease_holder = NULL, lease_until = NULL,
            coder_id = NULL, updated_at = chartq.stamp(now()) WHERE id = r.id;
        PERFORM chartq.audit_append('system', NULL, 'lease_expired', r.id,
            jsonb_build_object('holder', r.login));
        n := n + 1;
    END LOOP;
    RETURN n;
END $$;

-- ` (held by LOGIN until STAMP)` or ''.
CREATE OR REPLACE FUNCTION chartq.holder_note(c chartq.chart) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT format(' (held by %s until %s)', u.login,
        chartq.stamp(to_timestamp(c.lease_until))) FROM chartq.app_user u
        WHERE u.id = c.lease_holder), '')
$$;
