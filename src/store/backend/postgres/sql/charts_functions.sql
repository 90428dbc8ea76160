-- Chart import (src/store/charts.rs on SQLite) as definer functions:
-- supervisors and admins import; each chart created or updated is an
-- audit event, the feed one more (chartq.charts_imported). The client
-- parses and validates the feed (the same reader as SQLite) and sends it
-- in batches of JSON records within one transaction.
CREATE OR REPLACE FUNCTION chartq.import_charts(p_as text, p_file text, p_records jsonb)
RETURNS jsonb LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE
    me chartq.app_user := chartq.actor(p_as);
    r jsonb;
    d jsonb;
    v_id bigint;
    v_old text;
    v_now text := chartq.stamp(now());
    created integer := 0;
    updated integer := 0;
    unchanged integer := 0;
    docs integer := 0;
    seq integer;
BEGIN
    PERFORM chartq.require_rank(me, 'supervisor', 'importing charts');
    FOR r IN SELECT * FROM jsonb_array_elements(p_records) LOOP
        SELECT id, source_hash INTO v_id, v_old FROM chartq.chart
        WHERE account = r->>'account' FOR UPDATE;
        IF FOUND AND v_old = r->>'hash' THEN
            unchanged := unchanged + 1;
            CONTINUE;
        ELSIF FOUND THEN
            UPDATE chartq.chart SET mrn = r->>'mrn', patient_name = r->>'patient_name',
                patient_dob = r->>'patient_dob', patient_sex = r->>'patient_sex',
                encounter_type = r->>'encounter_type', admit_date = r->>'admit_date',
                discharge_date = r->>'discharge_date', service_date = r->>'service_date',
                date_of_service = r->>'date_of_service', attending = r->>'attending',
                payer = r->>'payer', facility = r->>'facility', queue = r->>'queue',
                priority = (r->>'priority')::integer, due_date = r->>'due_date',
                source_hash = r->>'hash', updated_at = v_now,
                discharge_status = r->>'discharge_status'
            WHERE id = v_id;
            updated := updated + 1;
            PERFORM chartq.audit(me, p_as, 'chart_updated', v_id,
                jsonb_build_object('file', p_file, 'line', (r->>'line')::bigint));
        ELSE
            INSERT INTO chartq.chart (account, mrn, patient_name, patient_dob, patient_sex,
                encounter_type, admit_date, discharge_date, service_date, date_of_service,
                attending, payer, facility, queue, priority, due_date, source_hash,
                imported_at, updated_at, discharge_status)
            VALUES (r->>'account', r->>'mrn', r->>'patient_name', r->>'patient_dob',
                r->>'patient_sex', r->>'encounter_type', r->>'admit_date', r->>'discharge_date',
                r->>'service_date', r->>'date_of_service', r->>'attending', r->>'payer',
                r->>'facility', r->>'queue', (r->>'priority')::integer, r->>'due_date',
                r->>'hash', v_now, v_now, r->>'discharge_status')
            RETURNING id INTO v_id;
            created := created + 1;
            PERFORM chartq.audit(me, p_as, 'chart_created', v_id,
                jsonb_build_object('file', p_file, 'line', (r->>'line')::bigint));
        END IF;
        IF jsonb_typeof(r->'documents') = 'array' THEN
            DELETE FROM chartq.document WHERE chart_id = v_id;
            seq := 0;
            FOR d IN SELECT * FROM jsonb_array_elements(r->'documents') LOOP
                seq := seq + 1;
                INSERT INTO chartq.document (chart_id, seq, type, author, time, text)
                VALUES (v_id, seq, d->>'type', d->>'author', d->>'time', d->>'text');
            END LOOP;
            docs := docs + seq;
        END IF;
    END LOOP;
    RETURN jsonb_build_object('created', created, 'updated', updated, 'unchanged', unchanged,
                              'documents', docs);
END $$;

CREATE OR REPLACE FUNCTION chartq.charts_imported(p_as text, p_details jsonb)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE
    me chartq.app_user := chartq.actor(p_as);
BEGIN
    PERFORM chartq.require_rank(me, 'supervisor', 'importing charts');
    RETURN chartq.audit(me, p_as, 'charts_imported', NULL, jsonb_build_object(
        'file', p_details->>'file', 'charts', (p_details->>'charts')::bigint,
        'created', (p_details->>'created')::bigint, 'updated', (p_details->>'updated')::bigint,
        'unchanged', (p_details->>'unchanged')::bigint,
        'documents_cleaned', (p_details->>'documents_cleaned')::bigint));
END $$;
