-- People's changes (src/store/people.rs on SQLite), each a definer
-- function: adding a user creates (or reuses) their PostgreSQL login role
-- and grants the group role <prefix><role>; a role change moves the
-- grant. PostgreSQL 15's CREATEROLE is close to superuser, so admins get
-- these functions, never CREATEROLE. Re-created by every init.

-- Makes login `p_login` a member of exactly the group role of `p_role`.
CREATE OR REPLACE FUNCTION chartq.grant_role(p_login text, p_role text)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE
    v_prefix text := (SELECT prefix FROM chartq.install);
    r text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_login) THEN
        BEGIN
            EXECUTE format('CREATE ROLE %I LOGIN', p_login);
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL; -- made meanwhile by another database's chartq on this cluster
        END;
    END IF;
    FOREACH r IN ARRAY ARRAY['coder', 'auditor', 'supervisor', 'admin'] LOOP
        IF r = p_role THEN
            EXECUTE format('GRANT %I TO %I', v_prefix || r, p_login);
        ELSIF pg_has_role(p_login, v_prefix || r, 'MEMBER')
              AND EXISTS (SELECT 1 FROM pg_auth_members m
                          JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles u ON u.oid = m.member
                          WHERE g.rolname = v_prefix || r AND u.rolname = p_login) THEN
            EXECUTE format('REVOKE %I FROM %I', v_prefix || r, p_login);
        END IF;
    END LOOP;
END $$;

CREATE OR REPLACE FUNCTION chartq.user_add(p_as text, p_login text, p_role text, p_name text)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE
    me chartq.app_user := chartq.actor(p_as);
    v_id bigint;
BEGIN
    PERFORM chartq.require_rank(me, 'admin', 'adding a user');
    IF p_login !~ '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,62}$' OR p_login IN ('system', 'public') THEN
        RAISE EXCEPTION USING ERRCODE = 'CQ400', MESSAGE = format(
            '''%s'' is not a valid login name (letters, digits, ''.'', ''_'', ''-'')', p_login);
    END IF;
    IF chartq.rank(p_role) = 0 THEN
        RAISE EXCEPTION USING ERRCODE = 'CQ400', MESSAGE = format('%s: not a role', p_role);
    END IF;
    IF EXISTS (SELECT 1 FROM chartq.app_user WHERE login = p_login) THEN
        RAISE EXCEPTION USING ERRCODE = 'CQ409', MESSAGE = format('user %s already exists', p_login);
    END IF;
    INSERT INTO chartq.app_user (login, name, role, created_at)
    VALUES (p_login, p_name, p_role, chartq.stamp(now())) RETURNING id INTO v_id;
    PERFORM chartq.grant_role(p_login, p_role);
    PERFORM chartq.audit(me, p_as, 'user_added', NULL,
        jsonb_build_object('login', p_login, 'role', p_role));
    RETURN v_id;
END $$;

CREATE OR REPLACE FUNCTION chartq.user_set_role(p_as text, p_login text, p_role text)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE
    me chartq.app_user := chartq.actor(p_as);
    u chartq.app_user;
BEGIN
    PERFORM chartq.require_rank(me, 'admin', 'changing a role');
    IF chartq.rank(p_role) = 0 THEN
        RAISE EXCEPTION USING ERRCODE = 'CQ400', MESSAGE = format('%s: not a role', p_role);
    END IF;
    SELECT * INTO u FROM chartq.app_user WHERE login = p_login FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'CQ404', MESSAGE = p_login, HINT = 'user';
    END IF;
    IF u.role = 'admin' AND p_role <> 'admin'
       AND (SELECT count(*) FROM chartq.app_user WHERE role = 'admin') <= 1 THEN
        RAISE EXCEPTION USING ERRCODE = 'CQ409', MESSAGE = format(
            '%s is the only admin; make someone else admin first', p_login);
    END IF;
    UPDATE chartq.app_user SET role = p_role WHERE id = u.id;
    PERFORM chartq.grant_role(p_login, p_role);
    PERFORM chartq.audit(me, p_as, 'role_changed', NULL,
        jsonb_build_object('login', p_login, 'from', u.role, 'to', p_role));
    RETURN u.id;
END $$;

CREATE OR REPLACE FUNCTION chartq.user_membership(p_as text, p_login text, p_queue text,
                                                  p_member boolean)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = chartq, pg_temp AS $$
DECLARE
    me chartq.app_user := chartq.actor(p_as);
    u chartq.app_user;
    n integer;
BEGIN
    IF chartq.rank(me.role) < 3 THEN
        RAISE EXCEPTION USING ERRCODE = 'CQ403', MESSAGE = format(
            'queue membership is changed by supervisors and admins only (you are %s ''%s''); ask a supervisor to run `chartq user %s QUEUE --user %s`',
            me.role, me.login, CASE WHEN p_member THEN 'join' ELSE 'leave' END,
            coalesce(p_login, me.login));
    END IF;
    IF coalesce(btrim(p_queue), '') = '' THEN
        RAISE EXCEPTION USING ERRCODE = 'CQ400', MESSAGE = 'the queue name is empty';
    END IF;
    SELECT * INTO u FROM chartq.app_user WHERE login = coalesce(p_login, me.login);
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'CQ404', MESSAGE = p_login, HINT = 'user';
    END IF;
    IF p_member THEN
        INSERT INTO chartq.queue_member (user_id, queue) VALUES (u.id, p_queue)
        ON CONFLICT DO NOTHING;
    ELSE
        DELETE FROM chartq.queue_member WHERE user_id = u.id AND queue = p_queue;
    END IF;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n > 0 THEN
        PERFORM chartq.audit(me, p_as, CASE WHEN p_member THEN 'queue_joined' ELSE 'queue_left' END,
            NULL, jsonb_build_object('login', u.login, 'queue', p_queue));
    END IF;
    RETURN u.id;
END $$;
