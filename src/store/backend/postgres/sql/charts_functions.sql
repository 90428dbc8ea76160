-- Chart import (src/store/charts.rs on SQLite) as definer functions:
-- supervisors and admins import; each chart created or updated is an
-- audit event, the feed one more (chartq.charts_imported). The client
-- parses and validates the feed (the same reader as SQLite) and, within
-- one transaction, COPYs it in batches into two staging tables that
-- chartq.import_begin made, each batch moved by chartq.import_batch in a
-- few set-based statements (an upsert whose result feeds the audit events,
-- then the documents). No function runs per record: JSON records with a
-- function per batch made 1,800 charts a second, COPY and set-based moves
-- more than 5,000 (issue 13, docs/pg-perf-notes.md).
--
-- The import never takes the audit chain's seal lock: its events stay
-- pending until it has committed, and the client then links them with
-- chartq.import_seal (a non-waiting seal step in short transactions of
-- its own), so `audit verify` never waits for an import to finish.

DROP FUNCTION IF EXISTS chartq.import_charts(text, text, jsonb);

-- The staging tables, made by the definer and so owned by it (the
-- importer may only INSERT: no trigger, rule or policy of theirs runs
-- when the definer reads them), temporary (this session's only) and
-- dropped at commit. Also marks the transaction as having tried to seal
-- (chartq.audit_seal_once): no append of the import takes the lock.
CREATE OR REPLACE FUNCTION chartq.import_begin(p_as text)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE
    me chartq.app_user := chartq.actor(p_as);
BEGIN
    PERFORM chartq.require_rank(me, 'supervisor', 'importing charts');
    PERFORM set_config('chartq.seal_tried', 'yes', true);
    DROP TABLE IF EXISTS pg_temp.import_chart, pg_temp.import_document, pg_temp.import_changed;
    CREATE TEMP TABLE import_chart (
        line bigint NOT NULL, hash text NOT NULL, account text NOT NULL, mrn text NOT NULL,
        patient_name text NOT NULL, patient_dob text NOT NULL, patient_sex text NOT NULL,
        encounter_type text NOT NULL, admit_date text, discharge_date text, service_date text,
        date_of_service text NOT NULL, attending text, payer text, facility text,
        queue text NOT NULL, priority integer NOT NULL, due_date text, discharge_status text,
        expected_charges_cents bigint, has_documents boolean NOT NULL
    ) ON COMMIT DROP;
    CREATE TEMP TABLE import_document (
        line bigint NOT NULL, seq integer NOT NULL, type text NOT NULL, author text,
        time text, text text NOT NULL
    ) ON COMMIT DROP;
    CREATE TEMP TABLE import_changed (
        id bigint NOT NULL, line bigint NOT NULL, created boolean NOT NULL,
        has_documents boolean NOT NULL
    ) ON COMMIT DROP;
    EXECUTE format('GRANT INSERT ON pg_temp.import_chart, pg_temp.import_document TO %I',
                   session_user);
END $$;

-- Moves the staged batch into the charts (file order), one audit event
-- per chart created or changed (an unchanged source hash is left alone),
-- pending for the chain's seal; then empties the staging tables.
CREATE OR REPLACE FUNCTION chartq.import_batch(p_as text, p_file text)
RETURNS jsonb LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE
    me chartq.app_user := chartq.actor(p_as);
    v_real text := chartq.real_login(p_as);
    v_now text := chartq.stamp(now());
    v_total bigint;
    v_accounts bigint;
    v_lines bigint;
    v_created bigint;
    v_updated bigint;
    v_documents bigint;
BEGIN
    PERFORM chartq.require_rank(me, 'supervisor', 'importing charts');
    -- Only the tables chartq.import_begin made (owned by this function's
    -- owner) are read: never one the caller put in their place.
    IF (SELECT count(*) FROM pg_class
        WHERE oid IN (to_regclass('pg_temp.import_chart'), to_regclass('pg_temp.import_document'),
                      to_regclass('pg_temp.import_changed'))
          AND relkind = 'r' AND relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)
       ) <> 3 THEN
        RAISE EXCEPTION USING ERRCODE = 'CQ400',
            MESSAGE = 'no chart import is open in this transaction (chartq.import_begin)';
    END IF;
    SELECT count(*), count(DISTINCT account), count(DISTINCT line)
    INTO v_total, v_accounts, v_lines FROM import_chart;
    IF v_total <> v_accounts OR v_total <> v_lines THEN
        RAISE EXCEPTION USING ERRCODE = 'CQ400',
            MESSAGE = 'a batch of chart records names an account or a line twice';
    END IF;
    WITH up AS (
        INSERT INTO chartq.chart AS c (account, mrn, patient_name, patient_dob, patient_sex,
            encounter_type, admit_date, discharge_date, service_date, date_of_service,
            attending, payer, facility, queue, priority, due_date, source_hash,
            imported_at, updated_at, discharge_status, expected_charges_cents)
        SELECT s.account, s.mrn, s.patient_name, s.patient_dob, s.patient_sex,
            s.encounter_type, s.admit_date, s.discharge_date, s.service_date,
            s.date_of_service, s.attending, s.payer, s.facility, s.queue, s.priority,
            s.due_date, s.hash, v_now, v_now, s.discharge_status, s.expected_charges_cents
        FROM import_chart s ORDER BY s.line
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
    )
    INSERT INTO import_changed (id, line, created, has_documents)
    SELECT up.id, s.line, up.created, s.has_documents
    FROM up JOIN import_chart s ON s.account = up.account;
    WITH ev AS (
        INSERT INTO chartq.audit_event (id, at, user_login, real_login, action, chart_id, details)
        SELECT nextval('chartq.audit_event_id_seq'), v_now, me.login, v_real,
            CASE WHEN ch.created THEN 'chart_created' ELSE 'chart_updated' END, ch.id,
            jsonb_build_object('file', p_file, 'line', ch.line)::text
        FROM import_changed ch ORDER BY ch.line
        RETURNING id
    )
    INSERT INTO chartq.audit_pending (id) SELECT id FROM ev;
    SELECT count(*) FILTER (WHERE created), count(*) FILTER (WHERE NOT created)
    INTO v_created, v_updated FROM import_changed;
    -- Their documents, replaced whole when the record has a list.
    DELETE FROM chartq.document d USING import_changed ch
    WHERE ch.has_documents AND NOT ch.created AND d.chart_id = ch.id;
    INSERT INTO chartq.document (chart_id, seq, type, author, time, text)
    SELECT ch.id, s.seq, s.type, s.author, s.time, s.text
    FROM import_document s JOIN import_changed ch ON ch.line = s.line
    WHERE ch.has_documents
    ORDER BY s.line, s.seq;
    GET DIAGNOSTICS v_documents = ROW_COUNT;
    TRUNCATE import_chart, import_document, import_changed;
    RETURN jsonb_build_object('created', v_created, 'updated', v_updated,
                              'unchanged', v_total - v_created - v_updated,
                              'documents', v_documents);
END $$;

-- The import's seal step, run by the client after the import committed,
-- each call its own short transaction: links at most p_limit committed
-- pending events when no other transaction holds the chain's lock (never
-- waiting: a busy sealer, or the writes that follow, link the rest, and
-- `audit verify` seals everything first). Returns how many it linked.
CREATE OR REPLACE FUNCTION chartq.import_seal(p_limit bigint)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE
    me chartq.app_user := chartq.actor(NULL);
BEGIN
    PERFORM chartq.require_rank(me, 'supervisor', 'importing charts');
    RETURN chartq.audit_seal(false, least(greatest(p_limit, 1), 50000));
END $$;

CREATE OR REPLACE FUNCTION chartq.charts_imported(p_as text, p_details jsonb)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE
    me chartq.app_user := chartq.actor(p_as);
BEGIN
    PERFORM chartq.require_rank(me, 'supervisor', 'importing charts');
    -- No seal here (chartq.import_begin marked the transaction as having
    -- tried): the client seals after commit with chartq.import_seal.
    RETURN chartq.audit(me, p_as, 'charts_imported', NULL, jsonb_build_object(
        'file', p_details->>'file', 'charts', (p_details->>'charts')::bigint,
        'created', (p_details->>'created')::bigint, 'updated', (p_details->>'updated')::bigint,
        'unchanged', (p_details->>'unchanged')::bigint,
        'documents_cleaned', (p_details->>'documents_cleaned')::bigint));
END $$;
