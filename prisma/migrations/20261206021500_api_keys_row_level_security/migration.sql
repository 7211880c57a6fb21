-- Row-level security for api_keys (the table came with the API keys work, after the RLS
-- migration): a company user sees and manages its own keys; staff paths see all.
ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
CREATE POLICY api_keys_own ON api_keys USING (user_id = current_user_id()) WITH CHECK (user_id = current_user_id());
CREATE POLICY api_keys_staff ON api_keys USING (app_path_is_staff()) WITH CHECK (app_path_is_staff());

-- A key is presented before its user is known (like a session cookie): the lookup — hash,
-- not revoked, not expired, an ACTIVE verified COMPANY of a verified company — and the
-- once-a-minute last-used write run as the owner, in one statement.
CREATE OR REPLACE FUNCTION api_key_lookup(p_secret_hash text, p_now timestamp(3), p_stale timestamp(3))
RETURNS TABLE (
  key_id text, scopes text[], user_id text, email text, role "UserRole", status "AccountStatus",
  email_verified timestamp(3), name varchar(255), avatar text, has_password boolean
)
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  WITH k AS (
    SELECT k.id AS key_id, k.scopes, u.id AS user_id, u.email, u.role, u.status, u.email_verified,
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
    UPDATE api_keys SET last_used_at = p_now
     WHERE id IN (SELECT k.key_id FROM k) AND (last_used_at IS NULL OR last_used_at <= p_stale)
    RETURNING id
  )
  SELECT k.key_id, k.scopes, k.user_id, k.email, k.role, k.status, k.email_verified, k.name, k.avatar, k.has_password
    FROM k
$$;
