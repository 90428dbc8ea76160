-- Second-level review's definer functions and read policies (issue 15 on
-- PostgreSQL), re-created by every `chartq db init-postgres` after the
-- coding functions; the grants come from review.rs's READ_TABLES and
-- API_FUNCTIONS. As in coding_functions.sql: chartq checks *what* (a code
-- valid on the date of service, the sample's rules, the re-grouped DRG)
-- before it calls; each function decides *who* (chartq.actor, the access
-- matrix, the review's lease), re-checks what a caller could fake, writes,
-- and appends its audit event (chartq.audit) in the same transaction.
-- The audit details have the shape of the SQLite store's ReviewEvent.

-- The review of chart `p_chart`, locked; `chart #N not found` for a chart
-- the caller may not see, `review of chart N not found` for one never
-- sampled.
CREATE OR REPLACE FUNCTION chartq.review_locked(u chartq.app_user, p_chart bigint, p_key text)
RETURNS chartq.review LANGUAGE plpgsql AS $$
DECLARE c chartq.chart := chartq.resolve(u, p_chart, NULL); r chartq.review;
BEGIN
    SELECT * INTO r FROM chartq.review WHERE chart_id = c.id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'CQ404', HINT = 'review', MESSAGE = p_key;
    END IF;
    RETURN r;
END $$;

-- The DRG cells ([drg, mdc, version, weight]) of a chart's current DRG.
CREATE OR REPLACE FUNCTION chartq.review_drg_cells(p_chart bigint) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_array(d.drg, d.drg_mdc, d.drg_version, d.drg_weight)
      FROM chartq.chart_drg d WHERE d.chart_id = p_chart AND d.drg IS NOT NULL
$$;

-- Stores `p_cells` as the chart's current DRG (NULL clears it), the first
-- one kept as the original (chart_drg::record's rule).
CREATE OR REPLACE FUNCTION chartq.review_record_drg(p_chart bigint, p_cells jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF p_cells IS NULL THEN
        UPDATE chartq.chart_drg SET drg = NULL, drg_mdc = NULL, drg_version = NULL,
               drg_weight = NULL, grouped_at = chartq.stamp(now())
         WHERE chart_id = p_chart;
        RETURN;
    END IF;
    INSERT INTO chartq.chart_drg AS d (chart_id, drg, drg_mdc, drg_version, drg_weight, grouped_at,
           original_drg, original_drg_mdc, original_drg_version, original_drg_weight, original_grouped_at)
    VALUES (p_chart, p_cells->>0, p_cells->>1, p_cells->>2, p_cells->>3, chartq.stamp(now()),
            p_cells->>0, p_cells->>1, p_cells->>2, p_cells->>3, chartq.stamp(now()))
    ON CONFLICT (chart_id) DO UPDATE SET drg = excluded.drg, drg_mdc = excluded.drg_mdc,
           drg_version = excluded.drg_version, drg_weight = excluded.drg_weight,
           grouped_at = excluded.grouped_at;
END $$;

CREATE OR REPLACE FUNCTION chartq.review_user_id(p_field text, p_login text) RETURNS bigint
LANGUAGE plpgsql STABLE AS $$
DECLARE v bigint;
BEGIN
    SELECT id INTO v FROM chartq.app_user WHERE login = p_login;
    IF NOT FOUND THEN
        RAISE EXCEPTION '%: no chartq user ''%''', p_field, p_login USING ERRCODE = 'CQ400';
    END IF;
    RETURN v;
END $$;

-- A plan (supervisors and admins). `p_rule_coders`: the logins the
-- new-coder rules name, each must be a user.
CREATE OR REPLACE FUNCTION chartq.review_plan_add(
    p_as text, p_name text, p_queue text, p_coder text, p_mode text, p_rules jsonb,
    p_seed bigint, p_rule_coders text[])
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE u chartq.app_user := chartq.actor(p_as); v_coder bigint; v bigint; rc text;
BEGIN
    PERFORM chartq.require_rank(u, 'supervisor', 'adding a review plan');
    IF btrim(coalesce(p_name, '')) = '' THEN
        RAISE EXCEPTION 'name: a review plan needs a name' USING ERRCODE = 'CQ400';
    END IF;
    IF p_rules IS NULL OR jsonb_array_length(p_rules) = 0 THEN
        RAISE EXCEPTION 'rule: a review plan needs at least one rule (--rule random:5%%)'
            USING ERRCODE = 'CQ400';
    END IF;
    IF p_coder IS NOT NULL THEN
        v_coder := chartq.review_user_id('coder', p_coder);
    END IF;
    FOREACH rc IN ARRAY coalesce(p_rule_coders, '{}') LOOP
        PERFORM chartq.review_user_id('rule: new-coder', rc);
    END LOOP;
    INSERT INTO chartq.review_plan (name, queue, coder_id, mode, rules, seed, created_by, created_at)
    VALUES (p_name, p_queue, v_coder, p_mode, p_rules, p_seed, u.id, chartq.stamp(now()))
    RETURNING id INTO v;
    PERFORM chartq.audit(u, p_as, 'review_plan_added', NULL, jsonb_build_object(
        'review_plan', v, 'name', p_name, 'mode', p_mode, 'rules', p_rules,
        'seed', CASE WHEN p_seed < 0 THEN p_seed::numeric + 18446744073709551616 ELSE p_seed END,
        'queue', p_queue, 'coder', p_coder));
    RETURN v;
END $$;

CREATE OR REPLACE FUNCTION chartq.review_plan_locked(p_plan bigint) RETURNS chartq.review_plan
LANGUAGE plpgsql AS $$
DECLARE p chartq.review_plan;
BEGIN
    SELECT * INTO p FROM chartq.review_plan WHERE id = p_plan FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'CQ404', HINT = 'plan', MESSAGE = p_plan::text;
    END IF;
    RETURN p;
END $$;

CREATE OR REPLACE FUNCTION chartq.review_plan_end(p_as text, p_plan bigint, p_on date)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE u chartq.app_user := chartq.actor(p_as); p chartq.review_plan;
BEGIN
    PERFORM chartq.require_rank(u, 'supervisor', 'ending a review plan');
    p := chartq.review_plan_locked(p_plan);
    IF p.ended_on IS NOT NULL THEN
        RAISE EXCEPTION 'review plan % ended on % already', p_plan, p.ended_on
            USING ERRCODE = 'CQ409';
    END IF;
    UPDATE chartq.review_plan SET ended_on = p_on::text, ended_by = u.id WHERE id = p_plan;
    PERFORM chartq.audit(u, p_as, 'review_plan_ended', NULL,
        jsonb_build_object('review_plan', p_plan, 'ended', p_on::text));
END $$;

-- Whether chart `c` is a sampling candidate of plan `p` for the period:
-- finalized in it, in the plan's scope, never sampled.
CREATE OR REPLACE FUNCTION chartq.review_candidate(p chartq.review_plan, c chartq.chart,
                                                   p_from date, p_to date)
RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT c.status IN ('coded', 'audited') AND c.coded_at >= p_from::text
       AND c.coded_at < (p_to + 1)::text
       AND (p.queue IS NULL OR c.queue = p.queue)
       AND (p.coder_id IS NULL OR c.coded_by = p.coder_id)
       AND NOT EXISTS (SELECT 1 FROM chartq.review r WHERE r.chart_id = c.id)
$$;

-- Samples a period by a plan (supervisors and admins): `p_picks` is what
-- chartq's seeded selection (domain/review/sampling.rs) chose, a JSON
-- array of {"chart_id": N, "rules": [kinds]}; each pick is re-checked as
-- a candidate here, the candidates counted here. A period once per plan.
CREATE OR REPLACE FUNCTION chartq.review_sample(
    p_as text, p_plan bigint, p_from date, p_to date, p_picks jsonb)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE u chartq.app_user := chartq.actor(p_as); p chartq.review_plan; c chartq.chart;
    pick record; v_review bigint; v_finalized integer; v_sampled integer := 0;
BEGIN
    PERFORM chartq.require_rank(u, 'supervisor', 'sampling charts for review');
    p := chartq.review_plan_locked(p_plan);
    IF p.ended_on IS NOT NULL AND p.ended_on < p_from::text THEN
        RAISE EXCEPTION 'review plan % ended before %', p_plan, p_from USING ERRCODE = 'CQ409';
    END IF;
    IF EXISTS (SELECT 1 FROM chartq.review_sample WHERE plan_id = p_plan
               AND period_from = p_from::text) THEN
        RAISE EXCEPTION 'review plan % sampled the period from % already', p_plan, p_from
            USING ERRCODE = 'CQ409';
    END IF;
    SELECT count(*) INTO v_finalized FROM chartq.chart ch
     WHERE chartq.review_candidate(p, ch, p_from, p_to);
    FOR pick IN SELECT * FROM jsonb_to_recordset(coalesce(p_picks, '[]'))
                AS x(chart_id bigint, rules jsonb) LOOP
        SELECT * INTO c FROM chartq.chart WHERE id = pick.chart_id FOR UPDATE;
        IF NOT FOUND OR NOT chartq.review_candidate(p, c, p_from, p_to) THEN
            RAISE EXCEPTION 'chart #% is not a candidate of review plan % for the period from %',
                pick.chart_id, p_plan, p_from USING ERRCODE = 'CQ409';
        END IF;
        INSERT INTO chartq.review (chart_id, plan_id, period_from, period_to, rules, mode,
               coder_id, queue, finalized_at, sampled_at, original_drg)
        VALUES (c.id, p_plan, p_from::text, p_to::text, coalesce(pick.rules, '[]'), p.mode,
                c.coded_by, c.queue, c.coded_at, chartq.stamp(now()), chartq.review_drg_cells(c.id))
        RETURNING id INTO v_review;
        INSERT INTO chartq.review_code (review_id, orig_seq, orig_system, orig_code, orig_title,
               orig_role, orig_poa, orig_modifiers, orig_units, orig_pointers, orig_version_id,
               orig_billable, orig_assigned_by)
        SELECT v_review, seq, system, code, title, role, poa, modifiers, units, pointers,
               version_id, billable, assigned_by
          FROM chartq.assignment WHERE chart_id = c.id ORDER BY seq;
        v_sampled := v_sampled + 1;
    END LOOP;
    INSERT INTO chartq.review_sample (plan_id, period_from, period_to, finalized, sampled,
           sampled_by, sampled_at)
    VALUES (p_plan, p_from::text, p_to::text, v_finalized, v_sampled, u.id, chartq.stamp(now()));
    PERFORM chartq.audit(u, p_as, 'review_sampled', NULL, jsonb_build_object(
        'review_plan', p_plan, 'period', jsonb_build_object('from', p_from::text, 'to', p_to::text),
        'finalized', v_finalized, 'sampled', v_sampled));
    RETURN v_sampled;
END $$;

-- Whether any review lease has run out: the first lease end in the
-- partial index review_lease (pg_0005), read as one index entry whatever
-- the statistics say (the shape of chartq.lease_ran_out: only
-- review_lease gives the rows in lease order; with sorting disabled for
-- this statement, no other plan is cheaper).
CREATE OR REPLACE FUNCTION chartq.review_ran_out() RETURNS boolean
LANGUAGE plpgsql STABLE SET enable_sort = off AS $$
DECLARE first_end bigint;
BEGIN
    SELECT r.lease_until INTO first_end FROM chartq.review r
    WHERE r.status = 'in_review' ORDER BY r.lease_until LIMIT 1;
    RETURN coalesce(first_end < chartq.epoch(), false);
END $$;

-- Returns reviews whose lease ran out to the queue, one `review_released`
-- event by `system` each. Any chartq role may run it. When none has run
-- out (nearly always), one index entry is read (chartq.review_ran_out);
-- before, every review in review was read on every review claim.
CREATE OR REPLACE FUNCTION chartq.review_expire() RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE r record; n integer := 0;
BEGIN
    IF NOT chartq.review_ran_out() THEN
        RETURN 0;
    END IF;
    FOR r IN SELECT id, chart_id FROM chartq.review
             WHERE status = 'in_review' AND lease_until < chartq.epoch()
             ORDER BY id FOR UPDATE SKIP LOCKED
    LOOP
        UPDATE chartq.review SET status = 'open', lease_holder = NULL, lease_until = NULL
         WHERE id = r.id;
        PERFORM chartq.audit_append('system', NULL, 'review_released', r.chart_id,
            jsonb_build_object('review', r.id));
        n := n + 1;
    END LOOP;
    RETURN n;
END $$;

-- Claims the review of `p_chart` (or, NULL, the next open one: prebill
-- first, then the oldest finalized) for `p_lease` seconds; never a chart
-- the caller coded. Returns the review's id, NULL when none is open.
CREATE OR REPLACE FUNCTION chartq.review_claim(p_as text, p_chart bigint, p_key text, p_lease bigint)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE u chartq.app_user := chartq.actor(p_as); r chartq.review; v_until bigint;
BEGIN
    PERFORM chartq.require_rank(u, 'auditor', 'reviewing charts');
    IF p_lease IS NULL OR p_lease < 1 OR p_lease > 24 * 3600 THEN
        RAISE EXCEPTION 'lease: a lease is 1 minute to 24 hours' USING ERRCODE = 'CQ400';
    END IF;
    PERFORM chartq.review_expire();
    IF p_chart IS NOT NULL THEN
        r := chartq.review_locked(u, p_chart, p_key);
        IF NOT (r.status = 'open' OR (r.status = 'in_review' AND r.lease_holder = u.id)) THEN
            RAISE EXCEPTION 'the review of chart % is %', p_key, r.status
                USING ERRCODE = 'CQ409';
        END IF;
        IF r.coder_id = u.id THEN
            RAISE EXCEPTION 'chart % is your own coding; another auditor reviews it', p_key
                USING ERRCODE = 'CQ403';
        END IF;
    ELSE
        SELECT * INTO r FROM chartq.review WHERE status = 'open'
           AND (coder_id IS NULL OR coder_id <> u.id)
         ORDER BY mode <> 'prebill', finalized_at, id LIMIT 1 FOR UPDATE SKIP LOCKED;
        IF NOT FOUND THEN
            RETURN NULL;
        END IF;
    END IF;
    v_until := chartq.epoch() + p_lease;
    UPDATE chartq.review SET status = 'in_review', lease_holder = u.id, lease_until = v_until
     WHERE id = r.id;
    PERFORM chartq.audit(u, p_as, 'review_claimed', r.chart_id, jsonb_build_object(
        'review', r.id, 'lease_until', chartq.stamp(to_timestamp(v_until))));
    RETURN r.id;
END $$;

CREATE OR REPLACE FUNCTION chartq.review_release(p_as text, p_chart bigint, p_key text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE u chartq.app_user := chartq.actor(p_as); r chartq.review;
BEGIN
    PERFORM chartq.require_rank(u, 'auditor', 'reviewing charts');
    r := chartq.review_locked(u, p_chart, p_key);
    IF r.status <> 'in_review' OR NOT (r.lease_holder = u.id OR chartq.rank(u.role) >= 3) THEN
        RAISE EXCEPTION 'the review of chart % is %, not yours to release', p_key,
            r.status USING ERRCODE = 'CQ409';
    END IF;
    UPDATE chartq.review SET status = 'open', lease_holder = NULL, lease_until = NULL
     WHERE id = r.id;
    PERFORM chartq.audit(u, p_as, 'review_released', r.chart_id, jsonb_build_object('review', r.id));
END $$;

-- The caller's live lease on review `r`, renewed (30 minutes at least).
CREATE OR REPLACE FUNCTION chartq.review_require_holder(u chartq.app_user, r chartq.review, p_key text)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF r.status <> 'in_review' OR r.lease_holder IS DISTINCT FROM u.id THEN
        RAISE EXCEPTION 'the review of chart % is %; claim it first (`chartq review claim %`)',
            p_key, r.status, p_key USING ERRCODE = 'CQ409';
    END IF;
    IF r.lease_until < chartq.epoch() THEN
        RAISE EXCEPTION 'your lease on the review of chart % ran out; claim it again', p_key
            USING ERRCODE = 'CQ409';
    END IF;
    UPDATE chartq.review SET lease_until = greatest(lease_until, chartq.epoch() + 1800)
     WHERE id = r.id;
END $$;

-- One decision on the holder's review. `p_row`: the review_code row (NULL
-- to add a code); `p_line`: the code as reviewed for change and add
-- ({seq, system, code, title, role, poa, modifiers, version_id, billable},
-- checked by chartq against the code set before the call).
CREATE OR REPLACE FUNCTION chartq.review_decide(
    p_as text, p_chart bigint, p_key text, p_row bigint, p_decision text, p_line jsonb,
    p_reason text, p_comment text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE u chartq.app_user := chartq.actor(p_as); r chartq.review; rc chartq.review_code;
    v_kind text := p_decision; v_code text; v_to text; v_now text := chartq.stamp(now());
BEGIN
    PERFORM chartq.require_rank(u, 'auditor', 'reviewing charts');
    r := chartq.review_locked(u, p_chart, p_key);
    PERFORM chartq.review_require_holder(u, r, p_key);
    IF p_decision <> 'agree' AND p_reason IS NULL THEN
        RAISE EXCEPTION 'reason: a change, addition or deletion needs a reason category'
            USING ERRCODE = 'CQ400';
    END IF;
    IF p_row IS NOT NULL THEN
        SELECT * INTO rc FROM chartq.review_code WHERE id = p_row AND review_id = r.id FOR UPDATE;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'code: not among the codes of the review of chart %', p_key
                USING ERRCODE = 'CQ400';
        END IF;
        v_code := coalesce(rc.orig_code, rc.new_code);
    END IF;
    IF p_decision IN ('change', 'add') AND (p_line IS NULL OR p_line->>'code' IS NULL) THEN
        RAISE EXCEPTION 'code: a change or an addition needs the code as reviewed'
            USING ERRCODE = 'CQ400';
    END IF;
    IF p_decision = 'agree' THEN
        IF rc.orig_code IS NULL THEN
            RAISE EXCEPTION 'code: only the coder''s codes are agreed with' USING ERRCODE = 'CQ400';
        END IF;
        UPDATE chartq.review_code SET decision = 'agree', new_seq = NULL, new_system = NULL,
               new_code = NULL, new_title = NULL, new_role = NULL, new_poa = NULL,
               new_modifiers = NULL, new_version_id = NULL, new_billable = NULL,
               reason = p_reason, comment = p_comment, decided_at = v_now WHERE id = rc.id;
    ELSIF p_decision = 'delete' THEN
        IF rc.id IS NULL THEN
            RAISE EXCEPTION 'code: deleting needs a code of the review' USING ERRCODE = 'CQ400';
        ELSIF rc.orig_code IS NULL THEN
            DELETE FROM chartq.review_code WHERE id = rc.id;
        ELSE
            UPDATE chartq.review_code SET decision = 'delete', new_seq = NULL, new_system = NULL,
                   new_code = NULL, new_title = NULL, new_role = NULL, new_poa = NULL,
                   new_modifiers = NULL, new_version_id = NULL, new_billable = NULL,
                   reason = p_reason, comment = p_comment, decided_at = v_now WHERE id = rc.id;
        END IF;
    ELSIF p_decision IN ('change', 'add') THEN
        IF rc.id IS NULL THEN
            IF EXISTS (SELECT 1 FROM chartq.review_code x WHERE x.review_id = r.id
                       AND upper(replace(CASE WHEN x.decision = 'agree' THEN x.orig_code
                                              ELSE x.new_code END, '.', ''))
                         = upper(replace(p_line->>'code', '.', ''))) THEN
                RAISE EXCEPTION '% is on the reviewed codes already; change it instead',
                    p_line->>'code' USING ERRCODE = 'CQ409';
            END IF;
            INSERT INTO chartq.review_code (review_id, decision) VALUES (r.id, 'add')
            RETURNING * INTO rc;
            v_kind := 'add';
            v_code := p_line->>'code';
        ELSE
            v_kind := CASE WHEN rc.orig_code IS NULL THEN 'add' ELSE 'change' END;
            v_to := p_line->>'code';
        END IF;
        UPDATE chartq.review_code SET decision = v_kind, new_seq = (p_line->>'seq')::integer,
               new_system = p_line->>'system', new_code = p_line->>'code',
               new_title = p_line->>'title', new_role = p_line->>'role', new_poa = p_line->>'poa',
               new_modifiers = coalesce(p_line->'modifiers', '[]'),
               new_version_id = (p_line->>'version_id')::bigint,
               new_billable = (p_line->>'billable')::boolean,
               reason = p_reason, comment = p_comment, decided_at = v_now WHERE id = rc.id;
    ELSE
        RAISE EXCEPTION 'decision: % is not agree, change, add or delete', p_decision
            USING ERRCODE = 'CQ400';
    END IF;
    PERFORM chartq.audit(u, p_as, 'review_decided', r.chart_id, jsonb_strip_nulls(
        jsonb_build_object('review', r.id, 'decision', v_kind, 'code', v_code, 'to', v_to))
        || jsonb_build_object('reason', p_reason));
END $$;

-- The reviewed codes of review `p_review`, one row per code kept: the
-- coder's agreed, changed or added ones, with what the assignment table
-- needs (reviewed_lines in the SQLite store).
CREATE OR REPLACE FUNCTION chartq.review_reviewed(p_review bigint, p_by bigint)
RETURNS TABLE (id bigint, system text, code text, version_id bigint, billable boolean,
               title text, role text, poa text, modifiers jsonb, units integer,
               pointers jsonb, assigned_by bigint)
LANGUAGE sql STABLE AS $$
    SELECT rc.id,
           CASE WHEN rc.decision = 'agree' THEN rc.orig_system ELSE rc.new_system END,
           CASE WHEN rc.decision = 'agree' THEN rc.orig_code ELSE rc.new_code END,
           coalesce(rc.new_version_id, rc.orig_version_id),
           coalesce(rc.new_billable, rc.orig_billable, true),
           coalesce(CASE WHEN rc.decision = 'agree' THEN rc.orig_title ELSE rc.new_title END, ''),
           CASE WHEN rc.decision = 'agree' THEN rc.orig_role ELSE rc.new_role END,
           CASE WHEN rc.decision = 'agree' THEN rc.orig_poa ELSE rc.new_poa END,
           coalesce(CASE WHEN rc.decision = 'agree' THEN rc.orig_modifiers
                         ELSE rc.new_modifiers END, '[]'),
           CASE WHEN rc.orig_code IS NOT NULL THEN rc.orig_units END,
           coalesce(rc.orig_pointers, '[]'),
           CASE WHEN rc.decision = 'agree' THEN coalesce(rc.orig_assigned_by, p_by) ELSE p_by END
      FROM chartq.review_code rc
     WHERE rc.review_id = p_review AND rc.decision IN ('agree', 'change', 'add')
$$;

-- Closes the holder's review. `p_order`: the reviewed codes' review_code
-- ids in the order chartq grouped them (the set is checked against the
-- decisions here); `p_drg`: the DRG chartq re-grouped them as (cells, or
-- NULL), stored beside the original; `p_drg_detail`: the audit's DRG.
-- When anything changed, the reviewed codes replace the chart's; the
-- chart becomes `audited`.
CREATE OR REPLACE FUNCTION chartq.review_close(
    p_as text, p_chart bigint, p_key text, p_order bigint[], p_drg jsonb, p_drg_detail jsonb)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE u chartq.app_user := chartq.actor(p_as); r chartq.review; c chartq.chart;
    v_changed boolean; v_reviewed jsonb; v_codes jsonb; v_now text := chartq.stamp(now());
BEGIN
    PERFORM chartq.require_rank(u, 'auditor', 'reviewing charts');
    r := chartq.review_locked(u, p_chart, p_key);
    PERFORM chartq.review_require_holder(u, r, p_key);
    SELECT * INTO c FROM chartq.chart WHERE id = r.chart_id;
    IF EXISTS (SELECT 1 FROM chartq.review_code WHERE review_id = r.id AND decision IS NULL) THEN
        RAISE EXCEPTION 'chart %: a code of the review has no decision', p_key USING ERRCODE = 'CQ409';
    END IF;
    IF c.status NOT IN ('coded', 'audited') THEN
        RAISE EXCEPTION 'chart %: the chart is %; only coded charts close a review', p_key,
            c.status USING ERRCODE = 'CQ409';
    END IF;
    IF (SELECT coalesce(array_agg(x.id ORDER BY x.id), '{}') FROM chartq.review_reviewed(r.id, u.id) x)
       IS DISTINCT FROM (SELECT coalesce(array_agg(o ORDER BY o), '{}') FROM unnest(p_order) o) THEN
        RAISE EXCEPTION 'chart %: the reviewed codes changed while grouping; close again', p_key
            USING ERRCODE = 'CQ409';
    END IF;
    IF (SELECT count(*) FROM chartq.review_reviewed(r.id, u.id) x WHERE x.role = 'principal') > 1 THEN
        RAISE EXCEPTION 'chart %: more than one principal diagnosis', p_key USING ERRCODE = 'CQ409';
    END IF;
    v_changed := EXISTS (SELECT 1 FROM chartq.review_code WHERE review_id = r.id
                         AND decision <> 'agree');
    SELECT coalesce(jsonb_agg(x.code ORDER BY o.ord), '[]') INTO v_codes
      FROM unnest(p_order) WITH ORDINALITY AS o(id, ord)
      JOIN chartq.review_reviewed(r.id, u.id) x ON x.id = o.id;
    IF v_changed THEN
        DELETE FROM chartq.assignment WHERE chart_id = c.id;
        INSERT INTO chartq.assignment (chart_id, seq, system, code, version_id, billable, title,
               role, poa, modifiers, units, pointers, assigned_by, assigned_at)
        SELECT c.id, o.ord, x.system, x.code, x.version_id, x.billable, x.title, x.role, x.poa,
               x.modifiers, x.units, x.pointers, x.assigned_by, v_now
          FROM unnest(p_order) WITH ORDINALITY AS o(id, ord)
          JOIN chartq.review_reviewed(r.id, u.id) x ON x.id = o.id;
        PERFORM chartq.review_record_drg(c.id, p_drg);
        v_reviewed := p_drg;
    ELSE
        v_reviewed := r.original_drg;
    END IF;
    UPDATE chartq.chart SET status = 'audited', updated_at = v_now WHERE id = c.id;
    UPDATE chartq.review SET status = 'closed', lease_holder = NULL, lease_until = NULL,
           closed_at = v_now, closed_by = u.id, changed = v_changed, reviewed_drg = v_reviewed,
           corrected_at = CASE WHEN v_changed AND r.mode = 'retrospective' THEN v_now
                               ELSE corrected_at END
     WHERE id = r.id;
    PERFORM chartq.audit(u, p_as, 'review_closed', c.id,
        jsonb_build_object('review', r.id, 'changed', v_changed, 'codes', v_codes)
        || CASE WHEN p_drg_detail IS NULL THEN '{}'::jsonb
                ELSE jsonb_build_object('drg', p_drg_detail) END);
END $$;

-- Marks the closed reviews of the caller's charts seen (their outcomes
-- were shown). Not audited (the SQLite store does not either).
CREATE OR REPLACE FUNCTION chartq.review_outcomes_seen(p_as text) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE u chartq.app_user := chartq.actor(p_as); n integer;
BEGIN
    UPDATE chartq.review SET outcome_seen_at = chartq.stamp(now())
     WHERE status = 'closed' AND outcome_seen_at IS NULL AND coder_id = u.id;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END $$;

-- The coder of the chart rebuts a closed review that changed codes, once.
CREATE OR REPLACE FUNCTION chartq.review_rebut(p_as text, p_chart bigint, p_key text, p_text text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE u chartq.app_user := chartq.actor(p_as); r chartq.review;
BEGIN
    r := chartq.review_locked(u, p_chart, p_key);
    IF btrim(coalesce(p_text, '')) = '' THEN
        RAISE EXCEPTION 'text: a rebuttal says why (--text or --text-file)' USING ERRCODE = 'CQ400';
    END IF;
    IF r.coder_id IS DISTINCT FROM u.id THEN
        RAISE EXCEPTION 'only the coder of chart % rebuts its review', p_key USING ERRCODE = 'CQ403';
    END IF;
    IF r.status <> 'closed' OR r.changed IS NOT TRUE THEN
        RAISE EXCEPTION 'the review of chart % %; only a closed review that changed codes is rebutted',
            p_key, CASE WHEN r.status = 'closed' THEN 'agreed with every code' ELSE 'is not closed' END
            USING ERRCODE = 'CQ409';
    END IF;
    IF r.rebuttal IS NOT NULL THEN
        RAISE EXCEPTION 'the review of chart % was rebutted already (once per review)', p_key
            USING ERRCODE = 'CQ409';
    END IF;
    UPDATE chartq.review SET rebuttal = p_text, rebutted_at = chartq.stamp(now()),
           rebuttal_status = 'open' WHERE id = r.id;
    PERFORM chartq.audit(u, p_as, 'review_rebutted', r.chart_id, jsonb_build_object('review', r.id));
END $$;

-- An auditor answers an open rebuttal: accepting restores the coder's
-- original codes and DRG (a retrospective chart is exported again).
CREATE OR REPLACE FUNCTION chartq.review_answer(
    p_as text, p_chart bigint, p_key text, p_accept boolean, p_comment text)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE u chartq.app_user := chartq.actor(p_as); r chartq.review; v_now text := chartq.stamp(now());
BEGIN
    PERFORM chartq.require_rank(u, 'auditor', 'answering a rebuttal');
    r := chartq.review_locked(u, p_chart, p_key);
    IF r.rebuttal_status IS DISTINCT FROM 'open' THEN
        RAISE EXCEPTION 'the review of chart % has no open rebuttal', p_key USING ERRCODE = 'CQ409';
    END IF;
    IF p_accept THEN
        DELETE FROM chartq.assignment WHERE chart_id = r.chart_id;
        INSERT INTO chartq.assignment (chart_id, seq, system, code, version_id, billable, title,
               role, poa, modifiers, units, pointers, assigned_by, assigned_at)
        SELECT r.chart_id, row_number() OVER (ORDER BY rc.orig_seq, rc.id), rc.orig_system,
               rc.orig_code, rc.orig_version_id, coalesce(rc.orig_billable, true),
               coalesce(rc.orig_title, ''), rc.orig_role, rc.orig_poa,
               coalesce(rc.orig_modifiers, '[]'), rc.orig_units, coalesce(rc.orig_pointers, '[]'),
               rc.orig_assigned_by, v_now
          FROM chartq.review_code rc WHERE rc.review_id = r.id AND rc.orig_code IS NOT NULL;
        PERFORM chartq.review_record_drg(r.chart_id, r.original_drg);
    END IF;
    UPDATE chartq.review SET rebuttal_status = CASE WHEN p_accept THEN 'accepted' ELSE 'upheld' END,
           rebuttal_answer = p_comment, rebuttal_answered_at = v_now, rebuttal_answered_by = u.id,
           corrected_at = CASE WHEN p_accept AND r.mode = 'retrospective' THEN v_now
                               ELSE corrected_at END
     WHERE id = r.id;
    PERFORM chartq.audit(u, p_as, 'review_rebuttal_answered', r.chart_id, jsonb_build_object(
        'review', r.id, 'answer', CASE WHEN p_accept THEN 'accepted' ELSE 'upheld' END));
END $$;

-- Reads: plans and samples are for auditors and up; a review and its
-- codes for auditors and up, and for the chart's coder once it is closed.
ALTER TABLE chartq.review_plan ENABLE ROW LEVEL SECURITY;
ALTER TABLE chartq.review_sample ENABLE ROW LEVEL SECURITY;
ALTER TABLE chartq.review ENABLE ROW LEVEL SECURITY;
ALTER TABLE chartq.review_code ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS review_plan_read ON chartq.review_plan;
CREATE POLICY review_plan_read ON chartq.review_plan FOR SELECT USING (
    (SELECT chartq.my_rank()) >= 2);
DROP POLICY IF EXISTS review_sample_read ON chartq.review_sample;
CREATE POLICY review_sample_read ON chartq.review_sample FOR SELECT USING (
    (SELECT chartq.my_rank()) >= 2);
DROP POLICY IF EXISTS review_read ON chartq.review;
CREATE POLICY review_read ON chartq.review FOR SELECT USING (
    (SELECT chartq.my_rank()) >= 2
    OR (status = 'closed' AND coder_id = (SELECT chartq.my_id())));
DROP POLICY IF EXISTS review_code_read ON chartq.review_code;
CREATE POLICY review_code_read ON chartq.review_code FOR SELECT USING (
    EXISTS (SELECT 1 FROM chartq.review r WHERE r.id = review_id));
