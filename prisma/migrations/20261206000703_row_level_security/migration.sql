-- Row-level security, defence in depth (docs/decisions/017-row-level-security.md).
--
-- The app sets, on every pooled connection it checks out (server/db/client.ts), the acting
-- user `app.user_id` (read by current_user_id()) and a named path `app.path` (read by
-- app_path()): user | public | auth | company | admin | system. Every user-owned table
-- below lets a caller see and write their own rows; what crosses users goes through a named
-- path, each policy saying which. No user and no path (work that lost its context): nothing.
--
-- Enforced for roles that neither own the tables nor have BYPASSRLS (the app role made by
-- `npm run db:setup-roles`). The owner (migrations, operator commands) and superusers
-- bypass it; PGlite runs as a superuser, so there the policies apply cleanly but do not bite.

CREATE OR REPLACE FUNCTION app_path() RETURNS text
LANGUAGE sql STABLE AS $$ SELECT NULLIF(current_setting('app.path', true), '') $$;
COMMENT ON FUNCTION app_path() IS 'Named data path of the current work for RLS (server/db/context.ts); NULL when none';

-- system (the app itself, jobs) and admin (admin procedures) see and write every row.
CREATE OR REPLACE FUNCTION app_path_is_staff() RETURNS boolean
LANGUAGE sql STABLE AS $$ SELECT coalesce(app_path() IN ('system', 'admin'), false) $$;

-- Company path: a trainee the calling company may see — findable (opted in: profiles
-- .discoverable, an ACTIVE, verified TRAINEE account, as the search and the services check), or
-- one who applied to one of its jobs, or one it already viewed / showed interest in.
CREATE OR REPLACE FUNCTION app_company_may_see(p_user_id text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT app_path() = 'company' AND current_user_id() IS NOT NULL AND (
    EXISTS (SELECT 1 FROM users u JOIN profiles p ON p.user_id = u.id
             WHERE u.id = p_user_id AND p.discoverable AND u.role = 'TRAINEE' AND u.status = 'ACTIVE' AND u.email_verified IS NOT NULL)
    OR EXISTS (SELECT 1 FROM candidate_views v WHERE v.candidate_id = p_user_id AND v.company_user_id = current_user_id())
    OR EXISTS (SELECT 1 FROM job_applications a JOIN job_postings j ON j.id = a.job_id JOIN company_profiles c ON c.id = j.company_id
               WHERE a.user_id = p_user_id AND c.user_id = current_user_id())
  )
$$;

-- Public path: the holder of a certificate (verification shows the holder's name).
CREATE OR REPLACE FUNCTION app_is_certificate_holder(p_user_id text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM certificates c WHERE c.user_id = p_user_id)
$$;

-- A job the caller applied to (they count themselves in its applicants).
CREATE OR REPLACE FUNCTION app_applied_to(p_job_id text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT current_user_id() IS NOT NULL AND EXISTS (SELECT 1 FROM job_applications a WHERE a.job_id = p_job_id AND a.user_id = current_user_id())
$$;

-- The author of published content (the catalogue names them).
CREATE OR REPLACE FUNCTION app_is_author(p_user_id text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT EXISTS (SELECT 1 FROM content c WHERE c.creator_id = p_user_id AND c.is_published)
$$;

-- The session lookup before a user is known: the one way to read a session by its token
-- hash. Returns the session joined with its user, profile name/avatar and admin level.
CREATE OR REPLACE FUNCTION auth_session_lookup(p_token_hash text)
RETURNS TABLE (
  session_id text, expires timestamp(3), created_at timestamp(3), last_seen_at timestamp(3), user_id text, email text,
  role "UserRole", status "AccountStatus", email_verified timestamp(3), name varchar(255), avatar text, admin_level integer, has_password boolean
)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT s.id, s.expires, s.created_at, s.last_seen_at, u.id, u.email, u.role,
         u.status, u.email_verified, p.name, p.avatar, a.access_level,
         (u.password IS NOT NULL)
    FROM sessions s
    JOIN users u ON u.id = s.user_id
    LEFT JOIN profiles p ON p.user_id = u.id
    LEFT JOIN admin_profiles a ON a.user_id = u.id AND u.role = 'ADMIN'
   WHERE s.session_token = p_token_hash
$$;

-- REFRESH MATERIALIZED VIEW needs the owner: the app role calls this instead.
CREATE OR REPLACE FUNCTION refresh_user_statistics() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  REFRESH MATERIALIZED VIEW CONCURRENTLY user_statistics;
END $$;

-- The search's copies on candidate_stats are derived data kept by triggers whatever path
-- changed a profile or an account: they run as the owner.
ALTER FUNCTION hx_candidate_stats_sync() SECURITY DEFINER SET search_path = public, pg_temp;
ALTER FUNCTION hx_candidate_stats_touch() SECURITY DEFINER SET search_path = public, pg_temp;

-- Own rows + staff (system, admin) on every user-owned table, by its owner column.
DO $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT * FROM (VALUES
    ('users', 'id'), ('profiles', 'user_id'), ('instructor_profiles', 'user_id'), ('company_profiles', 'user_id'),
    ('admin_profiles', 'user_id'), ('accounts', 'user_id'), ('sessions', 'user_id'), ('known_devices', 'user_id'),
    ('verification_tokens', 'user_id'), ('password_reset_tokens', 'user_id'),
    ('chat_sessions', 'user_id'), ('call_sessions', 'user_id'), ('assessments', 'user_id'), ('assessment_attempts', 'user_id'),
    ('evaluations', 'user_id'), ('user_progress', 'user_id'), ('certificates', 'user_id'),
    ('content', 'creator_id'), ('content_ratings', 'user_id'), ('content_views', 'user_id'), ('content_completions', 'user_id'),
    ('candidate_views', 'company_user_id'), ('candidate_stats', 'user_id'), ('company_quota_usage', 'company_user_id'),
    ('job_applications', 'user_id')
  ) AS v(tbl, col) LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t.tbl);
    EXECUTE format('CREATE POLICY %I ON %I USING (%I = current_user_id()) WITH CHECK (%I = current_user_id())', t.tbl || '_own', t.tbl, t.col, t.col);
    EXECUTE format('CREATE POLICY %I ON %I USING (app_path_is_staff()) WITH CHECK (app_path_is_staff())', t.tbl || '_staff', t.tbl);
  END LOOP;
END $$;

-- Children of a practice session: visible and writable with their session.
ALTER TABLE chat_messages ENABLE ROW LEVEL SECURITY;
CREATE POLICY chat_messages_by_session ON chat_messages
  USING (EXISTS (SELECT 1 FROM chat_sessions s WHERE s.id = session_id))
  WITH CHECK (EXISTS (SELECT 1 FROM chat_sessions s WHERE s.id = session_id));
ALTER TABLE call_transcripts ENABLE ROW LEVEL SECURITY;
CREATE POLICY call_transcripts_by_session ON call_transcripts
  USING (EXISTS (SELECT 1 FROM call_sessions s WHERE s.id = session_id))
  WITH CHECK (EXISTS (SELECT 1 FROM call_sessions s WHERE s.id = session_id));

-- auth path: sign-up, sign-in, email verification, password reset, OAuth, unlock — finding an
-- account by email or mailed token, creating it with its profiles, its sessions and tokens.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['users', 'profiles', 'instructor_profiles', 'company_profiles', 'admin_profiles', 'accounts', 'sessions',
                           'known_devices', 'verification_tokens', 'password_reset_tokens', 'user_progress', 'candidate_stats'] LOOP
    EXECUTE format('CREATE POLICY %I ON %I USING (app_path() = ''auth'') WITH CHECK (app_path() = ''auth'')', t || '_auth', t);
  END LOOP;
END $$;

-- company path: the candidates a company may see (app_company_may_see), read only.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['profiles', 'evaluations', 'certificates', 'assessments', 'user_progress', 'candidate_stats'] LOOP
    EXECUTE format('CREATE POLICY %I ON %I FOR SELECT USING (app_company_may_see(user_id))', t || '_company', t);
  END LOOP;
END $$;
CREATE POLICY users_company ON users FOR SELECT USING (app_company_may_see(id));

-- A trainee sees and answers the companies' interest in them (candidate side of a view).
CREATE POLICY candidate_views_candidate ON candidate_views
  USING (candidate_id = current_user_id()) WITH CHECK (candidate_id = current_user_id());

-- jobs: company accounts are public business identities: a verified company's profile, and
-- the account behind a company profile (its state, the address applications are mailed to),
-- to any caller with a path. Job postings likewise, open or closed (applying to a closed one
-- says so); a company writes its own postings and reads the applications to them.
CREATE POLICY company_profiles_public ON company_profiles FOR SELECT USING (app_path() IS NOT NULL AND is_verified);
CREATE POLICY users_company_account ON users FOR SELECT USING (app_path() IS NOT NULL AND role = 'COMPANY');
ALTER TABLE job_postings ENABLE ROW LEVEL SECURITY;
CREATE POLICY job_postings_board ON job_postings FOR SELECT USING (app_path() IS NOT NULL);
CREATE POLICY job_postings_own ON job_postings
  USING (EXISTS (SELECT 1 FROM company_profiles c WHERE c.id = company_id AND c.user_id = current_user_id()))
  WITH CHECK (EXISTS (SELECT 1 FROM company_profiles c WHERE c.id = company_id AND c.user_id = current_user_id()));
-- Applying counts the application on the posting (applicants = applicants + 1).
CREATE POLICY job_postings_applicant_counter ON job_postings FOR UPDATE USING (app_applied_to(id)) WITH CHECK (app_applied_to(id));
CREATE POLICY job_postings_staff ON job_postings USING (app_path_is_staff()) WITH CHECK (app_path_is_staff());
CREATE POLICY job_applications_company ON job_applications FOR SELECT
  USING (EXISTS (SELECT 1 FROM job_postings j JOIN company_profiles c ON c.id = j.company_id WHERE j.id = job_id AND c.user_id = current_user_id()));

-- public path: certificate verification (anyone holding a code) reads the certificate and
-- its holder's name.
CREATE POLICY certificates_public ON certificates FOR SELECT USING (app_path() = 'public');
CREATE POLICY users_certificate_holder ON users FOR SELECT USING (app_path() = 'public' AND app_is_certificate_holder(id));
CREATE POLICY profiles_certificate_holder ON profiles FOR SELECT USING (app_path() = 'public' AND app_is_certificate_holder(user_id));

-- Published content is the catalogue: any caller with a path reads it.
CREATE POLICY content_published ON content FOR SELECT USING (app_path() IS NOT NULL AND is_published);
-- Its counters (views, ratings) are updated by the trainees who view and rate it.
CREATE POLICY content_published_counters ON content FOR UPDATE USING (app_path() IS NOT NULL AND is_published) WITH CHECK (is_published);
-- Its authors are named with it.
CREATE POLICY users_content_author ON users FOR SELECT USING (app_path() IS NOT NULL AND app_is_author(id));
CREATE POLICY profiles_content_author ON profiles FOR SELECT USING (app_path() IS NOT NULL AND app_is_author(user_id));
-- Its author's statistics: the completions, ratings and views of their content.
CREATE POLICY content_completions_author ON content_completions FOR SELECT
  USING (EXISTS (SELECT 1 FROM content c WHERE c.id = content_id AND c.creator_id = current_user_id()));
CREATE POLICY content_ratings_author ON content_ratings FOR SELECT
  USING (EXISTS (SELECT 1 FROM content c WHERE c.id = content_id AND c.creator_id = current_user_id()));
CREATE POLICY content_views_author ON content_views FOR SELECT
  USING (EXISTS (SELECT 1 FROM content c WHERE c.id = content_id AND c.creator_id = current_user_id()));
