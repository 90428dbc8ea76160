-- The work queue's changes (src/store/queue on SQLite), each a definer
-- function: claim (SELECT … FOR UPDATE SKIP LOCKED, lease from now()),
-- renew, release, hold, assign, mark audited. Each returns the chart as
-- changed (the caller may no longer see it: a released chart). Re-created
-- by every init.

-- Open (or draft) provider queries on a chart; pg-coding's provider-query
-- migration replaces it.
DO $$
BEGIN
    IF to_regprocedure('chartq.open_queries(bigint)') IS NULL THEN
        CREATE FUNCTION chartq.open_queries(p_chart bigint) RETURNS bigint
        LANGUAGE sql STABLE AS 'SELECT 0::bigint';
    END IF;
END $$;

-- What the chart policy (migrate.rs) asks once per statement, not once
-- per row: the queues the session's user joined, and the charts they
-- asked a provider query on. STABLE definer functions, called from the
-- policy as init-plans `(SELECT …)`; a per-row call of chartq.asked_on
-- (a definer function, never inlined) made a coder's first page of a
-- 1,000,000-chart queue take 29 ms (issue 13).
CREATE OR REPLACE FUNCTION chartq.my_queues() RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
    SELECT coalesce(array_agg(m.queue), '{}') FROM chartq.queue_member m
    JOIN chartq.app_user u ON u.id = m.user_id WHERE u.login = session_user
$$;
CREATE OR REPLACE FUNCTION chartq.my_asked_charts() RETURNS bigint[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
    SELECT coalesce(array_agg(DISTINCT pq.chart_id), '{}') FROM chartq.provider_query pq
    JOIN chartq.app_user u ON u.id = pq.asked_by WHERE u.login = session_user
$$;

-- Only the holder of a live lease changes an in-progress chart; renews it.
CREATE OR REPLACE FUNCTION chartq.require_holder(me chartq.app_user, c chartq.chart)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF c.status IN ('new', 'on_hold') THEN
        RAISE EXCEPTION USING ERRCODE = 'CQ409', MESSAGE = format(
            'chart %s is %s; claim it first (`chartq queue claim %s`)', c.account,
            replace(c.status, '_', '-'), c.account);
    ELSIF c.status IN ('coded', 'audited') THEN
        RAISE EXCEPTION USING ERRCODE = 'CQ409', MESSAGE = format(
            'chart %s is already %s; its coding is final', c.account, c.status);
    END IF;
    IF c.lease_holder IS DISTINCT FROM me.id THEN
        RAISE EXCEPTION USING ERRCODE = 'CQ403', MESSAGE = format(
            'only the lease holder changes chart %s%s', c.account, chartq.holder_note(c));
    END IF;
    IF c.lease_until < chartq.epoch() THEN
        RAISE EXCEPTION USING ERRCODE = 'CQ409', MESSAGE = format(
            'your lease on chart %s ran out at %s; claim it again', c.account,
            chartq.stamp(to_timestamp(c.lease_until)));
    END IF;
    UPDATE chartq.chart SET lease_until = greatest(lease_until, chartq.epoch() + 1800)
    WHERE id = c.id;
END $$;

-- Claims the best new chart `me` may work (or the one named); NULL when
-- there is none. The pick skips rows other claimers hold locked. Its
-- plans are generic (planned once per session, not per claim: custom
-- plans were a seventh of a claim's time at 64 clients). Sorting is off
-- for the claim: every pick walks an index in claim order and stops at
-- the first chart it can lock. A queue imported and not yet analysed has
-- no statistics, and the planner then chose a bitmap scan of every new
-- chart and a sort, on each claim (15.8 ms of server CPU per claim at 16
-- coders, against 0.9 ms); no statement here needs a sort.
--
-- Which index the pick walks (chartq.claim_pick):
-- * a supervisor, or a coder who joined every queue that has new charts:
--   chart_new_order, all new charts in claim order;
-- * a coder who did not: the head of each joined queue (chart_queue_new)
--   and of the charts assigned to them (chart_assigned_new, pg_0005), the
--   best of those. Walking the whole order filtered by queue read every
--   new chart of the queues they did not join that comes first (10,911
--   rows, 21 ms, for a coder of one of three queues of 1,000,000 charts).
--   Each head is locked (SKIP LOCKED); the ones not taken stay locked to
--   this claim's commit and are skipped by other claimers meanwhile.
-- * one queue named: chart_queue_new.
-- The rows a claim writes besides the chart: its audit event and (instead
-- of the reports' trigger, pg_0005) the reports' open claim.
-- Called only by chartq.claim, whose settings (generic plans, no sort,
-- the schema's search path) it runs under: no SET clause of its own.
CREATE OR REPLACE FUNCTION chartq.claim_pick(me chartq.app_user, p_queue text,
                                             supervisor boolean)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    v_id bigint;
    v_queues text[];
    v_queue text;
    v_note text;
    v_walk text;
    k_id bigint; k_p integer; k_d text; k_s text;
    b_id bigint; b_p integer; b_d text; b_s text;
BEGIN
    IF p_queue IS NOT NULL THEN
        SELECT ch.id INTO v_id FROM chartq.chart ch
        WHERE ch.status = 'new' AND ch.queue = p_queue
          AND (ch.assigned_to = me.id OR (ch.assigned_to IS NULL AND (supervisor
               OR ch.queue IN (SELECT m.queue FROM chartq.queue_member m WHERE m.user_id = me.id))))
        ORDER BY ch.priority, coalesce(ch.due_date, '9999-12-31'), ch.date_of_service, ch.id
        LIMIT 1 FOR UPDATE SKIP LOCKED;
        RETURN v_id;
    END IF;
    IF NOT supervisor THEN
        -- Whether this coder joined every queue with new charts, noted in
        -- the session for a minute (with the user's id: an admin's --as
        -- session acts for several) (a loose index scan of chart_queue_new
        -- on every claim read 115 buffers a claim at 64 coders, the heads
        -- of the queues holding the entries of charts just claimed). The
        -- note only chooses between two walks that both take only charts
        -- this coder may take: a session that sets it itself changes
        -- nothing but its own speed.
        v_note := current_setting('chartq.claim_walk', true);
        IF v_note ~ '^[0-9]{1,12} [0-9]{1,18} (all|queues)$'
           AND split_part(v_note, ' ', 1)::bigint >= chartq.epoch() - 60
           AND split_part(v_note, ' ', 2)::bigint = me.id THEN
            v_walk := split_part(v_note, ' ', 3);
        ELSE
            SELECT coalesce(array_agg(m.queue), '{}') INTO v_queues
            FROM chartq.queue_member m WHERE m.user_id = me.id;
            -- The first queue of chart_queue_new not in theirs: one index
            -- descent per queue in between.
            v_walk := CASE WHEN EXISTS (
                WITH RECURSIVE q(queue) AS (
                    (SELECT c.queue FROM chartq.chart c WHERE c.status = 'new'
                     ORDER BY c.queue LIMIT 1)
                    UNION ALL
                    SELECT (SELECT c.queue FROM chartq.chart c
                            WHERE c.status = 'new' AND c.queue > q.queue
                            ORDER BY c.queue LIMIT 1)
                    FROM q WHERE q.queue = ANY (v_queues))
                SELECT 1 FROM q WHERE q.queue IS NOT NULL AND q.queue <> ALL (v_queues))
                THEN 'queues' ELSE 'all' END;
            PERFORM set_config('chartq.claim_walk', chartq.epoch() || ' ' || me.id || ' ' || v_walk,
                              false);
        END IF;
        IF v_walk = 'queues' THEN
            IF v_queues IS NULL THEN
                SELECT coalesce(array_agg(m.queue), '{}') INTO v_queues
                FROM chartq.queue_member m WHERE m.user_id = me.id;
            END IF;
            FOREACH v_queue IN ARRAY v_queues LOOP
                SELECT ch.id, ch.priority, coalesce(ch.due_date, '9999-12-31'), ch.date_of_service
                INTO k_id, k_p, k_d, k_s FROM chartq.chart ch
                WHERE ch.status = 'new' AND ch.queue = v_queue AND ch.assigned_to IS NULL
                ORDER BY ch.priority, coalesce(ch.due_date, '9999-12-31'), ch.date_of_service,
                         ch.id
                LIMIT 1 FOR UPDATE SKIP LOCKED;
                IF FOUND AND (b_id IS NULL OR (k_p, k_d, k_s, k_id) < (b_p, b_d, b_s, b_id)) THEN
                    b_id := k_id; b_p := k_p; b_d := k_d; b_s := k_s;
                END IF;
            END LOOP;
            SELECT ch.id, ch.priority, coalesce(ch.due_date, '9999-12-31'), ch.date_of_service
            INTO k_id, k_p, k_d, k_s FROM chartq.chart ch
            WHERE ch.status = 'new' AND ch.assigned_to = me.id
            ORDER BY ch.priority, coalesce(ch.due_date, '9999-12-31'), ch.date_of_service, ch.id
            LIMIT 1 FOR UPDATE SKIP LOCKED;
            IF FOUND AND (b_id IS NULL OR (k_p, k_d, k_s, k_id) < (b_p, b_d, b_s, b_id)) THEN
                b_id := k_id;
            END IF;
            RETURN b_id;
        END IF;
    END IF;
    SELECT ch.id INTO v_id FROM chartq.chart ch
    WHERE ch.status = 'new'
      AND (ch.assigned_to = me.id OR (ch.assigned_to IS NULL AND (supervisor
           OR ch.queue IN (SELECT m.queue FROM chartq.queue_member m WHERE m.user_id = me.id))))
    ORDER BY ch.priority, coalesce(ch.due_date, '9999-12-31'), ch.date_of_service, ch.id
    LIMIT 1 FOR UPDATE SKIP LOCKED;
    RETURN v_id;
END $$;

CREATE OR REPLACE FUNCTION chartq.claim(p_as text, p_queue text, p_id bigint, p_account text,
                                        p_lease_secs bigint)
RETURNS chartq.chart LANGUAGE plpgsql SECURITY DEFINER
SET search_path = chartq, pg_temp SET plan_cache_mode = force_generic_plan
SET enable_sort = off AS $$
DECLARE
    me chartq.app_user := chartq.actor(p_as);
    c chartq.chart;
    v_id bigint;
    v_until bigint;
    v_at text;
    supervisor boolean;
BEGIN
    IF me.role = 'auditor' THEN
        RAISE EXCEPTION USING ERRCODE = 'CQ403',
            MESSAGE = 'auditors review coded charts; they do not claim';
    END IF;
    IF p_lease_secs IS NULL OR p_lease_secs < 1 OR p_lease_secs > 86400 THEN
        RAISE EXCEPTION USING ERRCODE = 'CQ400', MESSAGE = 'a lease is 1 minute to 24 hours';
    END IF;
    supervisor := chartq.rank(me.role) >= 3;
    v_until := chartq.epoch() + p_lease_secs;
    -- The sweep (a definer call and a locking scan) only when a lease ran
    -- out; the check reads one entry of index chart_lease, whatever the
    -- statistics say (see chartq.lease_ran_out).
    IF chartq.lease_ran_out() THEN
        PERFORM chartq.expire_leases();
    END IF;
    IF p_id IS NULL AND p_account IS NULL THEN
        v_id := chartq.claim_pick(me, p_queue, supervisor);
        IF v_id IS NULL THEN
            RETURN NULL;
        END IF;
    ELSE
        c := chartq.resolve(me, p_id, p_account);
        v_id := c.id;
        IF c.status = 'new' THEN
            IF NOT (CASE WHEN c.assigned_to IS NOT NULL THEN c.assigned_to = me.id
                    ELSE supervisor OR c.queue IN (SELECT m.queue FROM chartq.queue_member m
                                                   WHERE m.user_id = me.id) END) THEN
                RAISE EXCEPTION USING ERRCODE = 'CQ403', MESSAGE = format(
                    'chart %s is not in your queues or is assigned to someone else', c.account);
            END IF;
        ELSIF c.status = 'on_hold' THEN
            IF chartq.open_queries(c.id) > 0 THEN
                RAISE EXCEPTION USING ERRCODE = 'CQ409', MESSAGE = format(
                    'chart %s waits for an open provider query; answer or close it first', c.account);
            END IF;
            IF NOT (supervisor OR c.coder_id = me.id) THEN
                RAISE EXCEPTION USING ERRCODE = 'CQ403', MESSAGE = format(
                    'chart %s is not in your queues or is assigned to someone else', c.account);
            END IF;
        ELSIF NOT (c.status = 'in_progress' AND c.lease_holder = me.id) THEN
            RAISE EXCEPTION USING ERRCODE = 'CQ409', MESSAGE = format(
                'chart %s is %s%s', c.account, replace(c.status, '_', '-'), chartq.holder_note(c));
        END IF;
    END IF;
    v_at := chartq.stamp(now());
    UPDATE chartq.chart SET status = 'in_progress', lease_holder = me.id, lease_until = v_until,
        coder_id = me.id, assigned_to = NULL, hold_reason = NULL, updated_at = v_at
    WHERE id = v_id RETURNING * INTO c;
    PERFORM chartq.audit(me, p_as, 'chart_claimed', v_id,
        jsonb_build_object('lease_until', chartq.stamp(to_timestamp(v_until))));
    -- What the reports' trigger did for `chart_claimed` (pg_0005): the
    -- event's time is the same now() and its user me.login.
    INSERT INTO chartq.report_open_claim (chart_id, user_login, at)
    VALUES (v_id, me.login, v_at)
    ON CONFLICT (chart_id) DO UPDATE SET user_login = excluded.user_login, at = excluded.at;
    RETURN c;
END $$;

CREATE OR REPLACE FUNCTION chartq.renew(p_as text, p_id bigint, p_account text)
RETURNS chartq.chart LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE
    me chartq.app_user := chartq.actor(p_as);
    c chartq.chart := chartq.resolve(me, p_id, p_account);
BEGIN
    PERFORM chartq.require_holder(me, c);
    PERFORM chartq.audit(me, p_as, 'lease_renewed', c.id, '{}');
    RETURN (SELECT ch FROM chartq.chart ch WHERE ch.id = c.id);
END $$;

CREATE OR REPLACE FUNCTION chartq.release(p_as text, p_id bigint, p_account text)
RETURNS chartq.chart LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE
    me chartq.app_user := chartq.actor(p_as);
    c chartq.chart := chartq.resolve(me, p_id, p_account);
    supervisor boolean := chartq.rank(me.role) >= 3;
BEGIN
    IF c.status = 'in_progress' AND (supervisor OR c.lease_holder = me.id) THEN
        NULL;
    ELSIF c.status = 'on_hold' AND (supervisor OR c.coder_id = me.id) THEN
        IF chartq.open_queries(c.id) > 0 THEN
            RAISE EXCEPTION USING ERRCODE = 'CQ409', MESSAGE = format(
                'chart %s waits for an open provider query; close it before releasing', c.account);
        END IF;
    ELSIF c.status IN ('in_progress', 'on_hold') THEN
        RAISE EXCEPTION USING ERRCODE = 'CQ403', MESSAGE = format(
            'chart %s is %s%s', c.account, replace(c.status, '_', '-'), chartq.holder_note(c));
    ELSE
        RAISE EXCEPTION USING ERRCODE = 'CQ409', MESSAGE = format(
            'chart %s is %s; only in-progress or on-hold charts are released', c.account, c.status);
    END IF;
    UPDATE chartq.chart SET status = 'new', lease_holder = NULL, lease_until = NULL,
        coder_id = NULL, assigned_to = NULL, hold_reason = NULL, updated_at = chartq.stamp(now())
    WHERE id = c.id;
    PERFORM chartq.audit(me, p_as, 'chart_released', c.id, jsonb_build_object('from', c.status));
    RETURN (SELECT ch FROM chartq.chart ch WHERE ch.id = c.id);
END $$;

CREATE OR REPLACE FUNCTION chartq.hold(p_as text, p_id bigint, p_account text, p_reason text)
RETURNS chartq.chart LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE
    me chartq.app_user := chartq.actor(p_as);
    c chartq.chart := chartq.resolve(me, p_id, p_account);
BEGIN
    IF coalesce(btrim(p_reason), '') = '' THEN
        RAISE EXCEPTION USING ERRCODE = 'CQ400', MESSAGE = 'a hold needs a reason (--reason TEXT)';
    END IF;
    PERFORM chartq.require_holder(me, c);
    UPDATE chartq.chart SET status = 'on_hold', hold_reason = p_reason, lease_holder = NULL,
        lease_until = NULL, updated_at = chartq.stamp(now()) WHERE id = c.id;
    PERFORM chartq.audit(me, p_as, 'chart_held', c.id, jsonb_build_object('reason', p_reason));
    RETURN (SELECT ch FROM chartq.chart ch WHERE ch.id = c.id);
END $$;

CREATE OR REPLACE FUNCTION chartq.assign_to(p_as text, p_id bigint, p_account text, p_login text)
RETURNS chartq.chart LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE
    me chartq.app_user := chartq.actor(p_as);
    c chartq.chart;
    u chartq.app_user;
    v_status text;
BEGIN
    PERFORM chartq.require_rank(me, 'supervisor', 'assigning charts');
    c := chartq.resolve(me, p_id, p_account);
    SELECT * INTO u FROM chartq.app_user WHERE login = p_login;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'CQ404', MESSAGE = p_login, HINT = 'user';
    END IF;
    IF u.role = 'auditor' THEN
        RAISE EXCEPTION USING ERRCODE = 'CQ400', MESSAGE = format(
            '%s is an auditor; charts are assigned to coders', p_login);
    END IF;
    IF c.status IN ('coded', 'audited') THEN
        RAISE EXCEPTION USING ERRCODE = 'CQ409', MESSAGE = format(
            'chart %s is already %s', c.account, c.status);
    END IF;
    v_status := CASE WHEN c.status = 'on_hold' THEN 'on_hold' ELSE 'new' END;
    UPDATE chartq.chart SET status = v_status, assigned_to = u.id,
        coder_id = CASE WHEN v_status = 'on_hold' THEN u.id ELSE coder_id END,
        lease_holder = NULL, lease_until = NULL, updated_at = chartq.stamp(now())
    WHERE id = c.id;
    PERFORM chartq.audit(me, p_as, 'chart_assigned', c.id,
        jsonb_build_object('to', u.login, 'from_status', c.status));
    RETURN (SELECT ch FROM chartq.chart ch WHERE ch.id = c.id);
END $$;

CREATE OR REPLACE FUNCTION chartq.mark_audited(p_as text, p_id bigint, p_account text)
RETURNS chartq.chart LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE
    me chartq.app_user := chartq.actor(p_as);
    c chartq.chart;
BEGIN
    PERFORM chartq.require_rank(me, 'auditor', 'marking a chart audited');
    c := chartq.resolve(me, p_id, p_account);
    IF c.status <> 'coded' THEN
        RAISE EXCEPTION USING ERRCODE = 'CQ409', MESSAGE = format(
            'chart %s is %s; only coded charts are audited', c.account, replace(c.status, '_', '-'));
    END IF;
    UPDATE chartq.chart SET status = 'audited', updated_at = chartq.stamp(now()) WHERE id = c.id;
    PERFORM chartq.audit(me, p_as, 'chart_audited', c.id, '{}');
    RETURN (SELECT ch FROM chartq.chart ch WHERE ch.id = c.id);
END $$;

-- A chart view: renews the viewer's own lease, audited.
CREATE OR REPLACE FUNCTION chartq.chart_viewed(p_as text, p_id bigint, p_account text)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE
    me chartq.app_user := chartq.actor(p_as);
    c chartq.chart;
BEGIN
    PERFORM chartq.expire_leases();
    c := chartq.resolve(me, p_id, p_account);
    UPDATE chartq.chart SET lease_until = greatest(lease_until, chartq.epoch() + 1800)
    WHERE id = c.id AND status = 'in_progress' AND lease_holder = me.id
      AND lease_until >= chartq.epoch();
    PERFORM chartq.audit(me, p_as, 'chart_viewed', c.id, '{}');
    RETURN c.id;
END $$;
