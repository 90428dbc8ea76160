-- Chart import (src/store/charts.rs on SQLite) as definer functions:
-- supervisors and admins import; each chart created or updated is an
-- audit event, the feed one more (chartq.charts_imported). The client
-- parses and validates the feed (the same reader as SQLite) and sends it
-- in batches of JSON records within one transaction. A batch is a few
-- set-based statements (an upsert whose RETURNING feeds the audit events,
-- then the documents), not a loop per record: the loop made 1,900 charts
-- a second (issue 13).
CREATE OR REPLACE FUNCTION chartq.import_charts(p_as text, p_file text, p_records jsonb)
RETURNS jsonb LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE
    me chartq.app_user := chartq.actor(p_as);
    v_real text := chartq.real_login(p_as);
    v_now text := chartq.stamp(now());
    v_total integer;
    v_distinct integer;
    v_docs bigint[];
    v_created integer := 0;
    v_updated integer := 0;
    v_documents integer := 0;
BEGIN
    PERFORM chartq.require_rank(me, 'supervisor', 'importing charts');
    IF jsonb_typeof(p_records) IS DISTINCT FROM 'array' THEN
        RAISE EXCEPTION USING ERRCODE = 'CQ400', MESSAGE = 'chart records are a JSON array';
    END IF;
    SELECT count(*), count(DISTINCT r->>'account') INTO v_total, v_distinct
    FROM jsonb_array_elements(p_records) r;
    IF v_total <> v_distinct THEN
        RAISE EXCEPTION USING ERRCODE = 'CQ400',
            MESSAGE = 'a batch of chart records names an account twice';
    END IF;
    PERFORM chartq.audit_seal_once();
    -- Created or changed charts (an unchanged source hash is left alone),
    -- one audit event each in file order, pending for the chain's seal.
    WITH rec AS (
        SELECT r, (r->>'line')::bigint AS line FROM jsonb_array_elements(p_records) r
    ), up AS (
        INSERT INTO chartq.chart AS c (account, mrn, patient_name, patient_dob, patient_sex,
            encounter_type, admit_date, discharge_date, service_date, date_of_service,
            attending, payer, facility, queue, priority, due_date, source_hash,
            imported_at, updated_at, discharge_status, expected_charges_cents)
        SELECT r->>'account', r->>'mrn', r->>'patient_name', r->>'patient_dob',
            r->>'patient_sex', r->>'encounter_type', r->>'admit_date', r->>'discharge_date',
            r->>'service_date', r->>'date_of_service', r->>'attending', r->>'payer',
            r->>'facility', r->>'queue', (r->>'priority')::integer, r->>'due_date',
            r->>'hash', v_now, v_now, r->>'discharge_status',
            (r->>'expected_charges_cents')::bigint
        FROM rec ORDER BY line
        ON CONFLICT (account) DO UPDATE SET mrn = excluded.mrn,
            patient_name = excluded.patient_name, patient_dob = excluded.patient_dob,
            patient_sex = excluded.patient_sex, encounter_type = excluded.encounter_type,
            admit_date = excluded.admit_date, discharge_date = excluded.discharge_date,
            service_date = excluded.service_date, date_of_service = excluded.date_of_service,
            attending = excluded.attending, payer = excluded.payer,
            facility = excluded.facility, queue = excluded.queue,
            priority = excluded.priority, due_date = excluded.due_date,
            source_hash = excluded.source_hash, updated_at = v_now,
            discharge_status = excluded.discharge_status,
            expected_charges_cents = excluded.expected_charges_cents
        WHERE c.source_hash IS DISTINCT FROM excluded.source_hash
        RETURNING c.id, c.account, (c.xmax = 0) AS created
    ), changed AS (
        SELECT up.id, up.created, rec.line, jsonb_typeof(rec.r->'documents') = 'array' AS has_docs
        FROM up JOIN rec ON rec.r->>'account' = up.account
    ), ev AS (
        INSERT INTO chartq.audit_event (id, at, user_login, real_login, action, chart_id, details)
        SELECT nextval('chartq.audit_event_id_seq'), v_now, me.login, v_real,
            CASE WHEN ch.created THEN 'chart_created' ELSE 'chart_updated' END, ch.id,
            jsonb_build_object('file', p_file, 'line', ch.line)::text
        FROM changed ch ORDER BY ch.line
        RETURNING id
    ), pending AS (
        INSERT INTO chartq.audit_pending (id) SELECT id FROM ev
    )
    SELECT count(*) FILTER (WHERE ch.created), count(*) FILTER (WHERE NOT ch.created),
           coalesce(array_agg(ch.id) FILTER (WHERE ch.has_docs), '{}')
    INTO v_created, v_updated, v_docs FROM changed ch;
    -- Their documents, replaced whole when the record has a list.
    DELETE FROM chartq.document WHERE chart_id = ANY (v_docs);
    WITH ins AS (
        INSERT INTO chartq.document (chart_id, seq, type, author, time, text)
        SELECT c.id, o.n, o.d->>'type', o.d->>'author', o.d->>'time', o.d->>'text'
        FROM jsonb_array_elements(p_records) r
        JOIN chartq.chart c ON c.account = r->>'account'
        CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(r->'documents') = 'array'
            THEN r->'documents' ELSE '[]'::jsonb END) WITH ORDINALITY o(d, n)
        WHERE c.id = ANY (v_docs)
        RETURNING 1
    )
    SELECT count(*) INTO v_documents FROM ins;
    RETURN jsonb_build_object('created', v_created, 'updated', v_updated,
                              'unchanged', v_total - v_created - v_updated,
                              'documents', v_documents);
END $$;

CREATE OR REPLACE FUNCTION chartq.charts_imported(p_as text, p_details jsonb)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE
    me chartq.app_user := chartq.actor(p_as);
BEGIN
    PERFORM chartq.require_rank(me, 'supervisor', 'importing charts');
    -- The import's own events, sealed before it commits when no other
    -- transaction holds the chain's lock (never waiting for it: a claim
    -- holding it may wait for a chart this import locked).
    PERFORM chartq.audit_seal(false, NULL);
    RETURN chartq.audit(me, p_as, 'charts_imported', NULL, jsonb_build_object(
        'file', p_details->>'file', 'charts', (p_details->>'charts')::bigint,
        'created', (p_details->>'created')::bigint, 'updated', (p_details->>'updated')::bigint,
        'unchanged', (p_details->>'unchanged')::bigint,
        'documents_cleaned', (p_details->>'documents_cleaned')::bigint));
END $$;
