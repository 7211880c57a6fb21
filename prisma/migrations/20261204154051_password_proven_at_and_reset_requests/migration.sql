-- AlterTable
ALTER TABLE "users" ADD COLUMN     "password_proven_at" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "password_reset_requests" (
    "id" TEXT NOT NULL,
    "email" VARCHAR(255) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "password_reset_requests_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "password_reset_requests_created_at_idx" ON "password_reset_requests"("created_at");

-- Backfill: a password counts as proven from its latest reset through a mailed link; accounts
-- that never signed up or changed their email themselves (made by an operator or the seed,
-- verified at creation) count from their verification; everyone else (a password chosen at
-- sign-up, before the address was verified) stays null until a reset. Actions are compared as
-- text: enum values added earlier in the same migration transaction cannot be literals.
UPDATE "users" u SET "password_proven_at" = COALESCE(
  (SELECT max(a."created_at") FROM "audit_logs" a WHERE a."user_id" = u."id" AND a."action"::text = 'PASSWORD_RESET'),
  CASE WHEN NOT EXISTS (
    SELECT 1 FROM "audit_logs" a WHERE a."user_id" = u."id" AND a."action"::text IN ('SIGN_UP', 'EMAIL_CHANGED')
  ) THEN u."email_verified" END
)
WHERE u."password" IS NOT NULL;
