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

-- Only opted-in profiles are ever searched: partial indexes stay small.
CREATE INDEX "profiles_discoverable_skills_gin" ON "profiles" USING gin ("skills") WHERE "discoverable";
CREATE INDEX "profiles_discoverable_languages_gin" ON "profiles" USING gin ("languages") WHERE "discoverable";
CREATE INDEX "profiles_discoverable_text_trgm" ON "profiles" USING gin (hx_candidate_text("name", "bio", "skills", "experience") gin_trgm_ops) WHERE "discoverable";
CREATE INDEX "profiles_discoverable_location_trgm" ON "profiles" USING gin (lower("location") gin_trgm_ops) WHERE "discoverable";

-- Keyset sort keys of the search ("score" and "recent"), newest/highest first, then user_id.
CREATE INDEX "candidate_stats_score_key" ON "candidate_stats" ((coalesce("overall_score", -1)) DESC, "user_id" DESC);
CREATE INDEX "candidate_stats_recent_key" ON "candidate_stats" ((coalesce("last_active_at", '-infinity'::timestamp)) DESC, "user_id" DESC);
