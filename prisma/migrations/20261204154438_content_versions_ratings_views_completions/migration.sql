-- AlterTable
ALTER TABLE "chat_sessions" ADD COLUMN     "content_id" TEXT,
ADD COLUMN     "content_version" INTEGER;

-- AlterTable
ALTER TABLE "call_sessions" ADD COLUMN     "content_id" TEXT,
ADD COLUMN     "content_version" INTEGER;

-- AlterTable
ALTER TABLE "assessments" ADD COLUMN     "content_id" TEXT,
ADD COLUMN     "content_version" INTEGER;

-- AlterTable
ALTER TABLE "content" ADD COLUMN     "draft" JSONB,
ADD COLUMN     "estimated_minutes" INTEGER,
ADD COLUMN     "library_key" TEXT,
ADD COLUMN     "rating_count" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "rating_sum" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "content_versions" (
    "id" TEXT NOT NULL,
    "content_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "type" "ContentType" NOT NULL,
    "category" TEXT NOT NULL,
    "difficulty" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "published_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "content_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "content_ratings" (
    "id" TEXT NOT NULL,
    "content_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "stars" INTEGER NOT NULL,
    "comment" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "content_ratings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "content_views" (
    "content_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "day" DATE NOT NULL,

    CONSTRAINT "content_views_pkey" PRIMARY KEY ("content_id","user_id","day")
);

-- CreateTable
CREATE TABLE "content_completions" (
    "id" TEXT NOT NULL,
    "content_id" TEXT,
    "content_version" INTEGER NOT NULL,
    "user_id" TEXT NOT NULL,
    "score" DOUBLE PRECISION,
    "details" JSONB NOT NULL DEFAULT '{}',
    "completed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "content_completions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "content_versions_content_id_version_key" ON "content_versions"("content_id", "version");

-- CreateIndex
CREATE INDEX "content_ratings_user_id_idx" ON "content_ratings"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "content_ratings_content_id_user_id_key" ON "content_ratings"("content_id", "user_id");

-- CreateIndex
CREATE INDEX "content_views_user_id_idx" ON "content_views"("user_id");

-- CreateIndex
CREATE INDEX "content_completions_content_id_completed_at_idx" ON "content_completions"("content_id", "completed_at");

-- CreateIndex
CREATE INDEX "content_completions_user_id_completed_at_idx" ON "content_completions"("user_id", "completed_at");

-- CreateIndex
CREATE INDEX "chat_sessions_content_id_idx" ON "chat_sessions"("content_id");

-- CreateIndex
CREATE INDEX "call_sessions_content_id_idx" ON "call_sessions"("content_id");

-- CreateIndex
CREATE INDEX "assessments_content_id_idx" ON "assessments"("content_id");

-- CreateIndex
CREATE UNIQUE INDEX "content_library_key_key" ON "content"("library_key");

-- CreateIndex
CREATE INDEX "content_is_published_type_published_at_id_idx" ON "content"("is_published", "type", "published_at" DESC, "id");

-- AddForeignKey
ALTER TABLE "chat_sessions" ADD CONSTRAINT "chat_sessions_content_id_fkey" FOREIGN KEY ("content_id") REFERENCES "content"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "call_sessions" ADD CONSTRAINT "call_sessions_content_id_fkey" FOREIGN KEY ("content_id") REFERENCES "content"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assessments" ADD CONSTRAINT "assessments_content_id_fkey" FOREIGN KEY ("content_id") REFERENCES "content"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "content_versions" ADD CONSTRAINT "content_versions_content_id_fkey" FOREIGN KEY ("content_id") REFERENCES "content"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "content_ratings" ADD CONSTRAINT "content_ratings_content_id_fkey" FOREIGN KEY ("content_id") REFERENCES "content"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "content_ratings" ADD CONSTRAINT "content_ratings_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "content_views" ADD CONSTRAINT "content_views_content_id_fkey" FOREIGN KEY ("content_id") REFERENCES "content"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "content_views" ADD CONSTRAINT "content_views_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "content_completions" ADD CONSTRAINT "content_completions_content_id_fkey" FOREIGN KEY ("content_id") REFERENCES "content"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "content_completions" ADD CONSTRAINT "content_completions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: ratings are 1-5 stars.
ALTER TABLE "content_ratings" ADD CONSTRAINT "content_ratings_stars_check" CHECK ("stars" BETWEEN 1 AND 5);
