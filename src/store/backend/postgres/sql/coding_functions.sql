-- The coding operations' definer functions and read policies, re-created
-- by every `chartq db init-postgres` after the core's (CREATE OR REPLACE,
-- DROP POLICY IF EXISTS); the grants are the core's `grant` (migrate.rs),
-- from coding.rs's READ_TABLES and API_FUNCTIONS.
--
-- Every state change a coder can make goes through one of these
-- SECURITY DEFINER functions: each finds the caller with the core's
-- chartq.actor(p_as) (session_user; `p_as` an admin's --as), the chart with
-- chartq.resolve (the access matrix: `chart KEY not found` for one the
-- caller may not see), checks the lease with chartq.require_holder, and
-- writes its audit event with chartq.audit in the same transaction. Coders
-- get SELECT (rows by policy) and EXECUTE, never INSERT/UPDATE/DELETE.
-- chartq checks *what* (a code exists in the version, a role fits the
-- chart) before it calls; the database decides *who*.

-- What the core stubbed until these tables existed: a coder sees a chart
-- they asked a provider query on; finalize and release wait for open ones.
CREATE OR REPLACE FUNCTION chartq.asked_on(p_chart bigint, p_user bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM chartq.provider_query pq
                   WHERE pq.chart_id = p_chart AND pq.asked_by = p_user)
$$;
CREATE OR REPLACE FUNCTION chartq.open_queries(p_chart bigint) RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
    SELECT count(*) FROM chartq.provider_query
     WHERE chart_id = p_chart AND status IN ('draft', 'open')
$$;

CREATE OR REPLACE FUNCTION chartq.assign_code(
    p_as text, p_id bigint, p_account text, p_system text, p_code text, p_version bigint,
    p_billable boolean, p_title text, p_role text, p_poa text,
    p_modifiers jsonb, p_units integer, p_pointers jsonb)
RETURNS chartq.assignment
LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE u chartq.app_user := chartq.actor(p_as); c chartq.chart := chartq.resolve(u, p_id, p_account);
    a chartq.assignment; v_chart bigint := c.id; existed boolean;
BEGIN
    PERFORM chartq.require_holder(u, c);
    existed := EXISTS (SELECT 1 FROM chartq.assignment
                       WHERE chart_id = v_chart AND system = p_system AND code = p_code);
    INSERT INTO chartq.assignment (chart_id, seq, system, code, version_id, billable, title,
                                   role, poa, modifiers, units, pointers, assigned_by, assigned_at)
    VALUES (v_chart, (SELECT COALESCE(max(seq), 0) + 1 FROM chartq.assignment WHERE chart_id = v_chart),
            p_system, p_code, p_version, p_billable, p_title, p_role, p_poa,
            COALESCE(p_modifiers, '[]'), p_units, COALESCE(p_pointers, '[]'), u.id,
            chartq.stamp(now()))
    ON CONFLICT (chart_id, system, code) DO UPDATE SET role = excluded.role, poa = excluded.poa,
           modifiers = excluded.modifiers, units = excluded.units, pointers = excluded.pointers,
           assigned_by = excluded.assigned_by, assigned_at = excluded.assigned_at
    RETURNING * INTO a;
    UPDATE chartq.chart SET coder_id = u.id, updated_at = chartq.stamp(now()) WHERE id = v_chart;
    PERFORM chartq.audit(u, p_as, CASE WHEN existed THEN 'code_changed' ELSE 'code_assigned' END,
        v_chart, jsonb_build_object('system', a.system, 'code', a.code, 'role', a.role, 'seq', a.seq,
            'poa', a.poa, 'modifiers', a.modifiers, 'units', a.units, 'pointers', a.pointers));
    RETURN a;
END $$;

-- Removes a code and closes the gap in the sequence.
CREATE OR REPLACE FUNCTION chartq.unassign_code(p_as text, p_id bigint, p_account text, p_code text)
RETURNS SETOF chartq.assignment
LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE u chartq.app_user := chartq.actor(p_as); c chartq.chart := chartq.resolve(u, p_id, p_account);
    v_chart bigint := c.id; a chartq.assignment;
BEGIN
    PERFORM chartq.require_holder(u, c);
    DELETE FROM chartq.assignment WHERE chart_id = v_chart AND code = p_code RETURNING * INTO a;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'chart %: % is not assigned', c.account, p_code USING ERRCODE = 'CQ400';
    END IF;
    PERFORM chartq.coding_resequence(v_chart, NULL, NULL);
    UPDATE chartq.chart SET updated_at = chartq.stamp(now()) WHERE id = v_chart;
    PERFORM chartq.audit(u, p_as, 'code_unassigned', v_chart,
        jsonb_build_object('system', a.system, 'code', a.code, 'seq', a.seq));
    RETURN QUERY SELECT * FROM chartq.assignment WHERE chart_id = v_chart ORDER BY seq;
END $$;

-- Renumbers a chart's codes 1..n, `p_code` (when given) at `p_position`.
CREATE OR REPLACE FUNCTION chartq.coding_resequence(p_chart bigint, p_code text, p_position integer)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE codes text[]; n integer; pos integer;
BEGIN
    SELECT array_agg(code ORDER BY seq) INTO codes FROM chartq.assignment
     WHERE chart_id = p_chart AND code IS DISTINCT FROM p_code;
    codes := COALESCE(codes, '{}');
    IF p_code IS NOT NULL THEN
        n := COALESCE(array_length(codes, 1), 0);
        pos := greatest(1, least(p_position, n + 1));
        codes := codes[1:pos - 1] || p_code || codes[pos:n];
    END IF;
    UPDATE chartq.assignment a SET seq = -o.ord
      FROM unnest(codes) WITH ORDINALITY AS o(code, ord)
     WHERE a.chart_id = p_chart AND a.code = o.code;
    UPDATE chartq.assignment SET seq = -seq WHERE chart_id = p_chart AND seq < 0;
END $$;

CREATE OR REPLACE FUNCTION chartq.sequence_code(p_as text, p_id bigint, p_account text, p_code text, p_position integer)
RETURNS SETOF chartq.assignment
LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE u chartq.app_user := chartq.actor(p_as); c chartq.chart := chartq.resolve(u, p_id, p_account);
    v_chart bigint := c.id; a chartq.assignment;
BEGIN
    PERFORM chartq.require_holder(u, c);
    SELECT * INTO a FROM chartq.assignment WHERE chart_id = v_chart AND code = p_code;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'chart %: % is not assigned', c.account, p_code USING ERRCODE = 'CQ400';
    END IF;
    PERFORM chartq.coding_resequence(v_chart, p_code, p_position);
    UPDATE chartq.chart SET updated_at = chartq.stamp(now()) WHERE id = v_chart;
    PERFORM chartq.audit(u, p_as, 'code_sequenced', v_chart,
        jsonb_build_object('system', a.system, 'code', a.code, 'from', a.seq, 'to', p_position));
    RETURN QUERY SELECT * FROM chartq.assignment WHERE chart_id = v_chart ORDER BY seq;
END $$;

-- Finalizes the holder's chart: `coded`, lease ended; the DRG stored with
-- the first one kept as the original. `p_codes` is the codes the caller's
-- edit verdict judged, in order: finalize refuses if they changed since.
CREATE OR REPLACE FUNCTION chartq.finalize_chart(
    p_as text, p_id bigint, p_account text, p_codes text[], p_detail jsonb,
    p_drg text, p_mdc text, p_version text, p_weight text)
RETURNS chartq.chart
LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE u chartq.app_user := chartq.actor(p_as); c chartq.chart := chartq.resolve(u, p_id, p_account);
    v_chart bigint := c.id;
BEGIN
    PERFORM chartq.require_holder(u, c);
    IF (SELECT COALESCE(array_agg(code ORDER BY seq), '{}') FROM chartq.assignment
         WHERE chart_id = v_chart) IS DISTINCT FROM COALESCE(p_codes, '{}') THEN
        RAISE EXCEPTION 'chart %: the codes changed while the edits were being checked; check again',
            c.account USING ERRCODE = 'CQ409';
    END IF;
    IF chartq.open_queries(v_chart) > 0 THEN
        RAISE EXCEPTION 'chart %: a provider query is still open', c.account USING ERRCODE = 'CQ409';
    END IF;
    UPDATE chartq.chart SET status = 'coded', lease_holder = NULL, lease_until = NULL,
           flagged = false, assigned_to = NULL, coded_at = chartq.stamp(now()), coded_by = u.id,
           updated_at = chartq.stamp(now())
     WHERE id = v_chart RETURNING * INTO c;
    IF p_drg IS NULL THEN
        -- Outpatient, or no grouper for the date: the current DRG is cleared.
        UPDATE chartq.chart_drg SET drg = NULL, drg_mdc = NULL, drg_version = NULL,
               drg_weight = NULL, grouped_at = chartq.stamp(now())
         WHERE chart_id = v_chart;
    ELSE
        INSERT INTO chartq.chart_drg AS d (chart_id, drg, drg_mdc, drg_version, drg_weight, grouped_at,
               original_drg, original_drg_mdc, original_drg_version, original_drg_weight, original_grouped_at)
        VALUES (v_chart, p_drg, p_mdc, p_version, p_weight, chartq.stamp(now()),
                p_drg, p_mdc, p_version, p_weight, chartq.stamp(now()))
        ON CONFLICT (chart_id) DO UPDATE SET drg = excluded.drg, drg_mdc = excluded.drg_mdc,
               drg_version = excluded.drg_version, drg_weight = excluded.drg_weight,
               grouped_at = excluded.grouped_at;
    END IF;
    -- The codes finalized are the server's, whatever the caller says.
    PERFORM chartq.audit(u, p_as, 'chart_finalized', v_chart,
        COALESCE(p_detail, '{}') || jsonb_build_object('codes', to_jsonb(COALESCE(p_codes, '{}'))));
    RETURN c;
END $$;

-- Provider queries: any user who sees the chart asks; the asker or a
-- supervisor records the answer and closes it.
-- The lease holder asks; the chart waits on hold for the answer.
CREATE OR REPLACE FUNCTION chartq.ask_query(
    p_as text, p_id bigint, p_account text, p_provider text, p_question text, p_options jsonb)
RETURNS chartq.provider_query
LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE u chartq.app_user := chartq.actor(p_as); c chartq.chart := chartq.resolve(u, p_id, p_account);
    q chartq.provider_query;
BEGIN
    PERFORM chartq.require_holder(u, c);
    INSERT INTO chartq.provider_query (chart_id, provider, question, options, status, asked_by, asked_at)
    VALUES (c.id, p_provider, p_question, p_options, 'open', u.id, chartq.stamp(now())) RETURNING * INTO q;
    UPDATE chartq.chart SET status = 'on_hold', hold_reason = format('provider query #%s', q.id),
           lease_holder = NULL, lease_until = NULL, updated_at = chartq.stamp(now())
     WHERE id = c.id;
    PERFORM chartq.audit(u, p_as, 'provider_query_opened', c.id,
        jsonb_build_object('provider_query', q.id, 'provider', p_provider));
    RETURN q;
END $$;

-- The last open query answered (flagged) or withdrawn: the chart goes back
-- to its coder.
CREATE OR REPLACE FUNCTION chartq.coding_return_to_coder(p_chart bigint, p_flagged boolean)
RETURNS void LANGUAGE sql AS $$
    UPDATE chartq.chart SET status = 'new', assigned_to = coder_id, hold_reason = NULL,
           flagged = flagged OR p_flagged, updated_at = chartq.stamp(now())
     WHERE id = p_chart AND status = 'on_hold' AND chartq.open_queries(p_chart) = 0
$$;

CREATE OR REPLACE FUNCTION chartq.coding_query_party(u chartq.app_user, p_id bigint)
RETURNS chartq.provider_query
LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE q chartq.provider_query;
BEGIN
    SELECT * INTO q FROM chartq.provider_query WHERE id = p_id FOR UPDATE;
    IF NOT FOUND OR NOT chartq.can_see(u, (SELECT c FROM chartq.chart c WHERE c.id = q.chart_id)) THEN
        RAISE EXCEPTION '#%', p_id USING ERRCODE = 'CQ404', HINT = 'query';
    END IF;
    IF chartq.rank(u.role) < 3 AND q.asked_by <> u.id THEN
        RAISE EXCEPTION 'provider query %: only who asked it or a supervisor may do that', p_id
            USING ERRCODE = 'CQ403';
    END IF;
    RETURN q;
END $$;

-- The option an answer chose (0-based), stored beside its text for the
-- reports' agreement rate: the same rule as `store::provider_query::
-- chosen_option` on SQLite: the answer names an option's text (any case and
-- spacing), or its number as listed (`2`, `#2`, `option 2`); free text that
-- names none chooses none. Computed here, not passed in, so a caller cannot
-- record a choice its answer does not make.
CREATE OR REPLACE FUNCTION chartq.chosen_option(p_options jsonb, p_response text)
RETURNS integer
LANGUAGE plpgsql IMMUTABLE SET search_path = chartq, pg_temp AS $$
DECLARE answer text := lower(btrim(regexp_replace(p_response, '\s+', ' ', 'g')));
        i integer; n text;
BEGIN
    FOR i IN 0 .. jsonb_array_length(p_options) - 1 LOOP
        IF lower(btrim(regexp_replace(p_options ->> i, '\s+', ' ', 'g'))) = answer THEN
            RETURN i;
        END IF;
    END LOOP;
    n := btrim(answer);
    IF left(n, 6) = 'option' THEN n := btrim(substr(n, 7)); END IF;
    n := btrim(ltrim(n, '#'));
    IF n ~ '^\+?[0-9]{1,9}$' AND n::integer BETWEEN 1 AND jsonb_array_length(p_options) THEN
        RETURN n::integer - 1;
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION chartq.answer_query(p_as text, p_id bigint, p_response text)
RETURNS chartq.provider_query
LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE u chartq.app_user := chartq.actor(p_as); q chartq.provider_query;
BEGIN
    q := chartq.coding_query_party(u, p_id);
    IF q.status NOT IN ('draft', 'open') THEN
        RAISE EXCEPTION 'provider query % is %', p_id, q.status USING ERRCODE = 'CQ409';
    END IF;
    UPDATE chartq.provider_query SET status = 'answered', response = p_response,
           answered_by = u.id, answered_at = chartq.stamp(now()), attributed_to = provider, entered_on_behalf = true,
           chosen_option = chartq.chosen_option(options, p_response)
     WHERE id = p_id RETURNING * INTO q;
    PERFORM chartq.coding_return_to_coder(q.chart_id, true);
    PERFORM chartq.audit(u, p_as, 'provider_query_answered', q.chart_id,
        jsonb_build_object('provider_query', p_id, 'attributed_to', q.attributed_to,
                           'entered_on_behalf', true));
    RETURN q;
END $$;

CREATE OR REPLACE FUNCTION chartq.close_query(p_as text, p_id bigint)
RETURNS chartq.provider_query
LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE u chartq.app_user := chartq.actor(p_as); q chartq.provider_query; was text;
BEGIN
    q := chartq.coding_query_party(u, p_id);
    was := q.status;
    IF q.status = 'closed' THEN
        RAISE EXCEPTION 'provider query #% is already closed', p_id USING ERRCODE = 'CQ409';
    END IF;
    UPDATE chartq.provider_query SET status = 'closed', closed_by = u.id, closed_at = chartq.stamp(now())
     WHERE id = p_id RETURNING * INTO q;
    IF was <> 'answered' THEN
        PERFORM chartq.coding_return_to_coder(q.chart_id, false);
    END IF;
    PERFORM chartq.audit(u, p_as, 'provider_query_closed', q.chart_id,
        jsonb_build_object('provider_query', p_id, 'was', was));
    RETURN q;
END $$;

-- Code sets: admins only. The codes and notes come as JSON arrays (one
-- call, one transaction); re-importing a label replaces the version.
CREATE OR REPLACE FUNCTION chartq.import_code_set(
    p_as text, p_system text, p_label text, p_from date, p_to date, p_source text,
    p_notes_from text, p_codes jsonb, p_notes jsonb)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE u chartq.app_user := chartq.actor(p_as); v bigint;
BEGIN
    IF chartq.rank(u.role) < 4 THEN
        RAISE EXCEPTION 'importing a code set is for admins' USING ERRCODE = 'CQ403';
    END IF;
    DELETE FROM chartq.code_set_version WHERE system = p_system AND label = p_label;
    INSERT INTO chartq.code_set_version (system, label, effective_from, effective_to, source, notes_from)
    VALUES (p_system, p_label, p_from, p_to, p_source, p_notes_from) RETURNING id INTO v;
    INSERT INTO chartq.code (version_id, code, lookup_key, kind, billable, short_title,
                             long_title, parent, valid_until, seq)
    SELECT v, r.code, r.lookup_key, r.kind, r.billable, r.short_title, r.long_title,
           r.parent, r.valid_until, r.seq
      FROM jsonb_to_recordset(p_codes) AS r(code text, lookup_key text, kind text, billable boolean,
           short_title text, long_title text, parent text, valid_until date, seq integer);
    INSERT INTO chartq.code_note (version_id, code, seq, kind, text, borrowed_from)
    SELECT v, r.code, r.seq, r.kind, r.text, r.borrowed_from
      FROM jsonb_to_recordset(COALESCE(p_notes, '[]')) AS r(code text, seq integer, kind text,
           text text, borrowed_from text);
    UPDATE chartq.code_set_version SET
           code_count = (SELECT count(*) FROM chartq.code WHERE version_id = v),
           billable_count = (SELECT count(*) FROM chartq.code WHERE version_id = v AND billable)
     WHERE id = v;
    PERFORM chartq.audit(u, p_as, 'code_set_imported', NULL,
        jsonb_build_object('system', p_system, 'label', p_label, 'source', p_source,
                           'codes', jsonb_array_length(p_codes), 'version_id', v));
    RETURN v;
END $$;

-- Stores a search snapshot. Only an admin's session writes one (in the
-- import's transaction, or the first admin search after a chartq upgrade
-- changed the format): a coder's bytes would be trusted by every host's
-- cache, so a coder's call stores nothing and returns false.
CREATE OR REPLACE FUNCTION chartq.put_snapshot(p_version bigint, p_format bigint, p_data bytea, p_replace boolean)
RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM chartq.app_user WHERE login = session_user::text AND role = 'admin') THEN
        RETURN false;
    END IF;
    INSERT INTO chartq.search_snapshot (version_id, format, data)
    SELECT p_version, p_format, p_data
     WHERE EXISTS (SELECT 1 FROM chartq.code_set_version WHERE id = p_version)
    ON CONFLICT (version_id) DO UPDATE SET format = excluded.format, data = excluded.data
     WHERE p_replace OR chartq.search_snapshot.format <> excluded.format;
    RETURN true;
END $$;

CREATE OR REPLACE FUNCTION chartq.import_poa_exempt_list(p_as text, p_year integer, p_source text, p_codes text[])
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE u chartq.app_user := chartq.actor(p_as); n integer;
BEGIN
    IF chartq.rank(u.role) < 4 THEN
        RAISE EXCEPTION 'importing a POA-exempt list is for admins' USING ERRCODE = 'CQ403';
    END IF;
    DELETE FROM chartq.poa_exempt_list WHERE fiscal_year = p_year;
    INSERT INTO chartq.poa_exempt_list (fiscal_year, source, code_count) VALUES (p_year, p_source, 0);
    INSERT INTO chartq.poa_exempt_code (fiscal_year, code)
    SELECT DISTINCT p_year, upper(replace(c, '.', '')) FROM unnest(p_codes) AS c;
    GET DIAGNOSTICS n = ROW_COUNT;
    UPDATE chartq.poa_exempt_list SET code_count = n WHERE fiscal_year = p_year;
    PERFORM chartq.audit(u, p_as, 'poa_list_imported', NULL,
        jsonb_build_object('fiscal_year', p_year, 'codes', n, 'file', p_source));
    RETURN n;
END $$;

-- Reads: code sets are no patient data (every chartq role reads them);
-- assignments, DRGs and provider queries are the chart's: a row shows when
-- its chart does (the chart's own policy decides, evaluated as the reader).
ALTER TABLE chartq.assignment ENABLE ROW LEVEL SECURITY;
ALTER TABLE chartq.provider_query ENABLE ROW LEVEL SECURITY;
ALTER TABLE chartq.chart_drg ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS assignment_read ON chartq.assignment;
CREATE POLICY assignment_read ON chartq.assignment FOR SELECT USING (
    EXISTS (SELECT 1 FROM chartq.chart c WHERE c.id = chart_id));
DROP POLICY IF EXISTS chart_drg_read ON chartq.chart_drg;
CREATE POLICY chart_drg_read ON chartq.chart_drg FOR SELECT USING (
    EXISTS (SELECT 1 FROM chartq.chart c WHERE c.id = chart_id));
DROP POLICY IF EXISTS provider_query_read ON chartq.provider_query;
CREATE POLICY provider_query_read ON chartq.provider_query FOR SELECT USING (
    EXISTS (SELECT 1 FROM chartq.chart c WHERE c.id = chart_id));

-- The coded-charts export's audit event (auditors and up): the rows were
-- read under row-level security in the same transaction.
CREATE OR REPLACE FUNCTION chartq.charts_exported(p_as text, p_since date, p_charts integer)
RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE u chartq.app_user := chartq.actor(p_as);
BEGIN
    PERFORM chartq.require_rank(u, 'auditor', 'exporting coded charts');
    PERFORM chartq.audit(u, p_as, 'charts_exported', NULL,
        jsonb_build_object('since', p_since, 'charts', p_charts));
END $$;

-- The working DRG of a chart not yet final (the backlog's weight): the
-- lease holder records it, supervisors and admins on any such chart;
-- written and audited only when it differs from the stored one (true).
-- `p_drg` NULL clears it. `p_detail` is the typed audit detail.
CREATE OR REPLACE FUNCTION chartq.record_working_drg(
    p_as text, p_id bigint, p_account text, p_drg text, p_mdc text, p_version text,
    p_weight text, p_detail jsonb)
RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE u chartq.app_user := chartq.actor(p_as); c chartq.chart := chartq.resolve(u, p_id, p_account);
    w chartq.chart_working_drg;
BEGIN
    IF chartq.rank(u.role) >= 3 THEN
        IF c.status IN ('coded', 'audited') THEN
            RAISE EXCEPTION USING ERRCODE = 'CQ409', MESSAGE = format(
                'chart %s is already %s; its DRG is the finalized one', c.account, c.status);
        END IF;
    ELSE
        PERFORM chartq.require_holder(u, c);
    END IF;
    SELECT * INTO w FROM chartq.chart_working_drg WHERE chart_id = c.id FOR UPDATE;
    IF (FOUND AND w.drg = p_drg AND w.drg_mdc = p_mdc AND w.drg_version = p_version
            AND w.drg_weight IS NOT DISTINCT FROM p_weight)
       OR (NOT FOUND AND p_drg IS NULL) THEN
        RETURN false;
    END IF;
    IF p_drg IS NULL THEN
        DELETE FROM chartq.chart_working_drg WHERE chart_id = c.id;
    ELSE
        INSERT INTO chartq.chart_working_drg AS d
               (chart_id, drg, drg_mdc, drg_version, drg_weight, grouped_at)
        VALUES (c.id, p_drg, p_mdc, p_version, p_weight, chartq.stamp(now()))
        ON CONFLICT (chart_id) DO UPDATE SET drg = excluded.drg, drg_mdc = excluded.drg_mdc,
               drg_version = excluded.drg_version, drg_weight = excluded.drg_weight,
               grouped_at = excluded.grouped_at;
    END IF;
    PERFORM chartq.audit(u, p_as, 'working_drg_recorded', c.id, COALESCE(p_detail, '{}'));
    RETURN true;
END $$;

ALTER TABLE chartq.chart_working_drg ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS chart_working_drg_read ON chartq.chart_working_drg;
CREATE POLICY chart_working_drg_read ON chartq.chart_working_drg FOR SELECT USING (
    EXISTS (SELECT 1 FROM chartq.chart c WHERE c.id = chart_id));
