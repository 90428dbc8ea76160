-- The code-set writes that `code_sets/` offers beyond a plain import:
-- attaching an Alphabetic Index file (its terms and tree) and seeding or
-- updating a bundled version. Re-created by every `chartq db init-postgres`
-- after the coding functions (CREATE OR REPLACE); granted from
-- code_sets/mod.rs's API_FUNCTIONS. Admins only, like `import_code_set`:
-- code sets are no patient data, but every coder's search and every edit
-- trusts them. Each writes its audit event here, in the caller's
-- transaction.

-- What the database holds of one bundled version (as SQLite's
-- `code_sets::bundled_holding`): 'present', 'site_owns', 'missing', or
-- 'outdated' with the stored version's id and label. Reads readable tables
-- only: not a definer function; the writers below call it again under the
-- lock they take.
CREATE OR REPLACE FUNCTION chartq.bundled_holding(
    p_system text, p_label text, p_from date, p_to date, p_source text,
    OUT state text, OUT version_id bigint, OUT version_label text)
LANGUAGE plpgsql STABLE SET search_path = chartq, pg_temp AS $$
DECLARE v chartq.code_set_version;
BEGIN
    SELECT * INTO v FROM chartq.code_set_version WHERE system = p_system AND source = p_source
     ORDER BY id LIMIT 1;
    IF FOUND THEN
        IF (v.label = p_label AND v.effective_from = p_from
                AND v.effective_to IS NOT DISTINCT FROM p_to)
           OR EXISTS (SELECT 1 FROM chartq.code_set_version WHERE system = p_system AND label = p_label) THEN
            state := 'present';
        ELSE
            state := 'outdated'; version_id := v.id; version_label := v.label;
        END IF;
    ELSIF EXISTS (SELECT 1 FROM chartq.code_set_version WHERE system = p_system AND label = p_label) THEN
        state := 'site_owns';
    ELSE
        state := 'missing';
    END IF;
END $$;

-- The facts of a bundled version's `system` event, from what is stored.
CREATE OR REPLACE FUNCTION chartq.bundled_facts(p_id bigint) RETURNS jsonb
LANGUAGE sql STABLE SET search_path = chartq, pg_temp AS $$
    SELECT jsonb_build_object('system', v.system, 'label', v.label,
        'effective_from', v.effective_from, 'effective_to', v.effective_to, 'source', v.source,
        'codes', v.code_count, 'billable', v.billable_count, 'notes_from', v.notes_from)
      FROM chartq.code_set_version v WHERE v.id = p_id
$$;

-- Stores a bundled version unless it is there by now (checked again under
-- an advisory lock: two admins' first runs do not both insert it). NULL
-- when nothing was stored. The event is a `system` one, as on SQLite,
-- with the admin whose run seeded it as the real login.
CREATE OR REPLACE FUNCTION chartq.seed_code_set(
    p_system text, p_label text, p_from date, p_to date, p_source text,
    p_notes_from text, p_codes jsonb, p_notes jsonb, p_audit boolean)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE u chartq.app_user := chartq.actor(NULL); v bigint;
BEGIN
    PERFORM chartq.require_rank(u, 'admin', 'seeding the bundled code sets');
    PERFORM pg_advisory_xact_lock(7243014);
    IF (chartq.bundled_holding(p_system, p_label, p_from, p_to, p_source)).state <> 'missing' THEN
        RETURN NULL;
    END IF;
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
    IF p_audit THEN
        PERFORM chartq.audit_append('system', u.login, 'code_set_seeded', NULL,
            jsonb_build_object('version_id', v) || chartq.bundled_facts(v));
    END IF;
    RETURN v;
END $$;

-- Relabels and re-dates an older chartq's bundled version in place (its
-- codes, and the codes assigned against it, stay); the label it had, NULL
-- when it is no longer outdated.
CREATE OR REPLACE FUNCTION chartq.update_bundled(
    p_system text, p_label text, p_from date, p_to date, p_source text, p_audit boolean)
RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE u chartq.app_user := chartq.actor(NULL); h record;
BEGIN
    PERFORM chartq.require_rank(u, 'admin', 'updating the bundled code sets');
    PERFORM pg_advisory_xact_lock(7243014);
    h := chartq.bundled_holding(p_system, p_label, p_from, p_to, p_source);
    IF h.state <> 'outdated' THEN
        RETURN NULL;
    END IF;
    UPDATE chartq.code_set_version SET label = p_label, effective_from = p_from, effective_to = p_to
     WHERE id = h.version_id;
    IF p_audit THEN
        PERFORM chartq.audit_append('system', u.login, 'code_set_updated', NULL,
            jsonb_build_object('previous_label', h.version_label, 'version_id', h.version_id)
            || chartq.bundled_facts(h.version_id));
    END IF;
    RETURN h.version_label;
END $$;

-- Attaches one index table's terms to a version (replacing that table's
-- earlier terms) and, for the Index to Diseases, replaces its tree.
-- chartq expands each index code to the version's codes below it before
-- calling (`p_terms`: [{code, text}]); returns the (code, term) pairs
-- stored. `p_tree`: NULL to keep the tree, else its nodes in preorder.
CREATE OR REPLACE FUNCTION chartq.import_index_terms(
    p_as text, p_version bigint, p_table text, p_terms jsonb, p_entries integer,
    p_fiscal_year integer, p_tree jsonb)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE u chartq.app_user := chartq.actor(p_as); v chartq.code_set_version; n integer;
BEGIN
    IF chartq.rank(u.role) < 4 THEN
        RAISE EXCEPTION 'importing an index is for admins' USING ERRCODE = 'CQ403';
    END IF;
    SELECT * INTO v FROM chartq.code_set_version WHERE id = p_version FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'code-set version % not found', p_version USING ERRCODE = 'CQ404';
    END IF;
    DELETE FROM chartq.index_term WHERE version_id = p_version AND source = p_table;
    INSERT INTO chartq.index_term (version_id, code, source, text)
    SELECT p_version, r.code, p_table, r.text
      FROM jsonb_to_recordset(p_terms) AS r(code text, text text)
    ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF p_tree IS NOT NULL THEN
        DELETE FROM chartq.index_node WHERE version_id = p_version;
        INSERT INTO chartq.index_tree (version_id, fiscal_year) VALUES (p_version, p_fiscal_year)
        ON CONFLICT (version_id) DO UPDATE SET fiscal_year = excluded.fiscal_year;
        INSERT INTO chartq.index_node (version_id, seq, parent_seq, title, nemod, code, code_kind,
                                       incomplete, manifestation, see, see_also)
        SELECT p_version, r.seq, r.parent_seq, r.title, r.nemod, r.code, r.code_kind,
               coalesce(r.incomplete, false), r.manifestation, r.see, r.see_also
          FROM jsonb_to_recordset(p_tree) AS r(seq integer, parent_seq integer, title text,
               nemod text, code text, code_kind text, incomplete boolean, manifestation text,
               see text, see_also text);
    END IF;
    PERFORM chartq.audit(u, p_as, 'index_imported', NULL,
        jsonb_build_object('table', p_table, 'version', v.label, 'version_id', p_version,
                           'entries', p_entries));
    RETURN n;
END $$;
