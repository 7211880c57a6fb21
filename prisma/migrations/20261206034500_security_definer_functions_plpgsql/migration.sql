-- The SECURITY DEFINER functions of row-level security, rewritten in PL/pgSQL (same names,
-- arguments, results and meaning). A LANGUAGE sql function with SECURITY DEFINER or SET is
-- never inlined, and PostgreSQL 15 plans its body again on every call: the session lookup,
-- called by every signed-in request, cost ~0.35 ms of database CPU against ~0.11 ms for the
-- same query in PL/pgSQL, whose plans are cached per connection (bench/session-check.ts;
-- docs/decisions/021-server-hot-paths.md). The policy helpers are called per row checked.

CREATE OR REPLACE FUNCTION auth_session_lookup(p_token_hash text)
RETURNS TABLE (
  session_id text, expires timestamp(3), created_at timestamp(3), last_seen_at timestamp(3), user_id text, email text,
  role "UserRole", status "AccountStatus", email_verified timestamp(3), name varchar(255), avatar text, admin_level integer, has_password boolean
)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  SELECT s.id, s.expires, s.created_at, s.last_seen_at, u.id, u.email::text, u.role,
         u.status, u.email_verified, p.name, p.avatar, a.access_level,
         (u.password IS NOT NULL)
    FROM sessions s
    JOIN users u ON u.id = s.user_id
    LEFT JOIN profiles p ON p.user_id = u.id
    LEFT JOIN admin_profiles a ON a.user_id = u.id AND u.role = 'ADMIN'
   WHERE s.session_token = p_token_hash;
END
$$;

CREATE OR REPLACE FUNCTION api_key_lookup(p_secret_hash text, p_now timestamp(3), p_stale timestamp(3))
RETURNS TABLE (
  key_id text, scopes text[], user_id text, email text, role "UserRole", status "AccountStatus",
  email_verified timestamp(3), name varchar(255), avatar text, has_password boolean
)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  WITH k AS (
    SELECT k.id AS key_id, k.scopes, u.id AS user_id, u.email::text AS email, u.role, u.status, u.email_verified,
           p.name, p.avatar, (u.password IS NOT NULL) AS has_password
      FROM api_keys k
      JOIN users u ON u.id = k.user_id
      JOIN company_profiles c ON c.user_id = u.id
      LEFT JOIN profiles p ON p.user_id = u.id
     WHERE k.secret_hash = p_secret_hash
       AND k.revoked_at IS NULL
       AND (k.expires_at IS NULL OR k.expires_at > p_now)
       AND u.role = 'COMPANY' AND u.status = 'ACTIVE' AND u.email_verified IS NOT NULL
       AND c.is_verified
  ), touched AS (
    UPDATE api_keys AS t SET last_used_at = p_now
     WHERE t.id IN (SELECT k.key_id FROM k) AND (t.last_used_at IS NULL OR t.last_used_at <= p_stale)
    RETURNING t.id
  )
  SELECT k.key_id, k.scopes, k.user_id, k.email, k.role, k.status, k.email_verified, k.name, k.avatar, k.has_password
    FROM k;
END
$$;

CREATE OR REPLACE FUNCTION app_company_may_see(p_user_id text) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  RETURN coalesce(app_path() = 'company', false) AND current_user_id() IS NOT NULL AND (
    EXISTS (SELECT 1 FROM users u JOIN profiles p ON p.user_id = u.id
             WHERE u.id = p_user_id AND p.discoverable AND u.role = 'TRAINEE' AND u.status = 'ACTIVE' AND u.email_verified IS NOT NULL)
    OR EXISTS (SELECT 1 FROM candidate_views v WHERE v.candidate_id = p_user_id AND v.company_user_id = current_user_id())
    OR EXISTS (SELECT 1 FROM job_applications a JOIN job_postings j ON j.id = a.job_id JOIN company_profiles c ON c.id = j.company_id
               WHERE a.user_id = p_user_id AND c.user_id = current_user_id())
  );
END
$$;

CREATE OR REPLACE FUNCTION app_is_certificate_holder(p_user_id text) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  RETURN EXISTS (SELECT 1 FROM certificates c WHERE c.user_id = p_user_id);
END
$$;

CREATE OR REPLACE FUNCTION app_applied_to(p_job_id text) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  RETURN current_user_id() IS NOT NULL AND EXISTS (SELECT 1 FROM job_applications a WHERE a.job_id = p_job_id AND a.user_id = current_user_id());
END
$$;

CREATE OR REPLACE FUNCTION app_is_author(p_user_id text) RETURNS boolean
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  RETURN EXISTS (SELECT 1 FROM content c WHERE c.creator_id = p_user_id AND c.is_published);
END
$$;
