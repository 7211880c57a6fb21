-- CreateTable
CREATE TABLE "candidate_stats" (
    "user_id" TEXT NOT NULL,
    "evaluation_count" INTEGER NOT NULL DEFAULT 0,
    "overall_sum" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "overall_score" DOUBLE PRECISION,
    "fluency_sum" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "fluency_n" INTEGER NOT NULL DEFAULT 0,
    "fluency" DOUBLE PRECISION,
    "grammar_sum" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "grammar_n" INTEGER NOT NULL DEFAULT 0,
    "grammar" DOUBLE PRECISION,
    "vocabulary_sum" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "vocabulary_n" INTEGER NOT NULL DEFAULT 0,
    "vocabulary" DOUBLE PRECISION,
    "clarity_sum" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "clarity_n" INTEGER NOT NULL DEFAULT 0,
    "clarity" DOUBLE PRECISION,
    "professionalism_sum" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "professionalism_n" INTEGER NOT NULL DEFAULT 0,
    "professionalism" DOUBLE PRECISION,
    "task_completion_sum" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "task_completion_n" INTEGER NOT NULL DEFAULT 0,
    "task_completion" DOUBLE PRECISION,
    "pace_sum" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "pace_n" INTEGER NOT NULL DEFAULT 0,
    "pace" DOUBLE PRECISION,
    "assessment_best" JSONB NOT NULL DEFAULT '{}',
    "level" TEXT NOT NULL DEFAULT 'beginner',
    "certificate_code" TEXT,
    "certificate_valid_until" TIMESTAMP(3),
    "certificate_revoked" BOOLEAN NOT NULL DEFAULT false,
    "last_active_at" TIMESTAMP(3),
    "skills" TEXT[],
    "languages" TEXT[],
    "tags" TEXT[],
    "location" TEXT,
    "search_text" TEXT,
    "visible" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "candidate_stats_pkey" PRIMARY KEY ("user_id")
);

-- AddForeignKey
ALTER TABLE "candidate_stats" ADD CONSTRAINT "candidate_stats_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written (companies issue, candidate search). pg_trgm ships with PostgreSQL's contrib
-- and with PGlite (loaded as an extension by server/db/client.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The text `q` searches: name, bio, skills and experience. IMMUTABLE (array_to_string on a
-- text[] depends on no setting) so it can be indexed; the search calls it with the same
-- arguments so the planner matches the index.
CREATE FUNCTION hx_candidate_text(name text, bio text, skills text[], experience text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT lower(coalesce(name, '') || ' ' || coalesce(bio, '') || ' ' || coalesce(array_to_string(skills, ' '), '') || ' ' || coalesce(experience, '')) $$;

-- The search's copies on candidate_stats (filter fields and visibility), kept by triggers in
-- the same statement as the change: a stats row reads them from profiles/users whenever it is
-- written, and a change of a profile or of a user's status rewrites them. The search filters on
-- the copies (one table, no join per candidate scanned) and re-checks profiles.discoverable and
-- users.status / email_verified live for every row it returns.
CREATE FUNCTION hx_candidate_stats_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT p.skills, p.languages, lower(p.location), hx_candidate_text(p.name, p.bio, p.skills, p.experience),
         coalesce(p.discoverable, false) AND u.role = 'TRAINEE' AND u.status = 'ACTIVE' AND u.email_verified IS NOT NULL
    INTO NEW.skills, NEW.languages, NEW.location, NEW.search_text, NEW.visible
    FROM users u LEFT JOIN profiles p ON p.user_id = u.id
   WHERE u.id = NEW.user_id;
  NEW.visible := coalesce(NEW.visible, false);
  NEW.tags := ARRAY(SELECT 's:' || x FROM unnest(NEW.skills) x) || ARRAY(SELECT 'l:' || x FROM unnest(NEW.languages) x);
  RETURN NEW;
END $$;
CREATE TRIGGER candidate_stats_sync BEFORE INSERT OR UPDATE ON candidate_stats FOR EACH ROW EXECUTE FUNCTION hx_candidate_stats_sync();

CREATE FUNCTION hx_candidate_stats_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'users' THEN
    UPDATE candidate_stats SET user_id = user_id WHERE user_id = NEW.id;
  ELSE
    UPDATE candidate_stats SET user_id = user_id WHERE user_id = NEW.user_id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER profiles_candidate_stats AFTER INSERT OR UPDATE OF name, bio, skills, experience, languages, location, discoverable ON profiles
  FOR EACH ROW EXECUTE FUNCTION hx_candidate_stats_touch();
CREATE TRIGGER users_candidate_stats AFTER UPDATE OF status, email_verified, role ON users
  FOR EACH ROW EXECUTE FUNCTION hx_candidate_stats_touch();

-- Only findable trainees are ever searched: partial indexes stay small.
-- Skills and languages in one GIN index: a search for a skill AND a language intersects both
-- posting lists inside the index (two separate indexes were not combined by the planner).
CREATE INDEX "candidate_stats_tags_gin" ON "candidate_stats" USING gin ("tags") WHERE "visible";
CREATE INDEX "candidate_stats_text_trgm" ON "candidate_stats" USING gin ("search_text" gin_trgm_ops) WHERE "visible";
CREATE INDEX "candidate_stats_location_trgm" ON "candidate_stats" USING gin ("location" gin_trgm_ops) WHERE "visible";

-- Keyset sort keys of the search ("score" and "recent"), newest/highest first, then user_id.
CREATE INDEX "candidate_stats_score_key" ON "candidate_stats" ((coalesce("overall_score", -1)) DESC, "user_id" DESC) WHERE "visible";
CREATE INDEX "candidate_stats_recent_key" ON "candidate_stats" ((coalesce("last_active_at", '-infinity'::timestamp)) DESC, "user_id" DESC) WHERE "visible";
