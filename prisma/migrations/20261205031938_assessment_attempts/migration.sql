-- CreateTable
CREATE TABLE "assessment_attempts" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "content_id" TEXT NOT NULL,
    "content_version" INTEGER NOT NULL,
    "attempt_no" INTEGER NOT NULL,
    "started_at" TIMESTAMP(3) NOT NULL,
    "deadline" TIMESTAMP(3),
    "layout" JSONB NOT NULL,
    "answers" JSONB NOT NULL DEFAULT '{}',
    "saved_at" TIMESTAMP(3),
    "submitted_at" TIMESTAMP(3),
    "assessment_id" TEXT,

    CONSTRAINT "assessment_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "assessment_attempts_assessment_id_key" ON "assessment_attempts"("assessment_id");

-- CreateIndex
CREATE INDEX "assessment_attempts_submitted_at_deadline_idx" ON "assessment_attempts"("submitted_at", "deadline");

-- CreateIndex
CREATE UNIQUE INDEX "assessment_attempts_user_id_content_id_attempt_no_key" ON "assessment_attempts"("user_id", "content_id", "attempt_no");

-- CreateIndex
CREATE INDEX "assessments_user_id_completed_at_idx" ON "assessments"("user_id", "completed_at");

-- AddForeignKey
ALTER TABLE "assessment_attempts" ADD CONSTRAINT "assessment_attempts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assessment_attempts" ADD CONSTRAINT "assessment_attempts_content_id_fkey" FOREIGN KEY ("content_id") REFERENCES "content"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "assessment_attempts" ADD CONSTRAINT "assessment_attempts_assessment_id_fkey" FOREIGN KEY ("assessment_id") REFERENCES "assessments"("id") ON DELETE SET NULL ON UPDATE CASCADE;
