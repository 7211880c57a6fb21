-- CreateEnum
CREATE TYPE "TokenPurpose" AS ENUM ('VERIFY_EMAIL', 'EMAIL_CHANGE');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "AuditAction" ADD VALUE 'SIGN_IN_FAILED';
ALTER TYPE "AuditAction" ADD VALUE 'ACCOUNT_LOCKED';
ALTER TYPE "AuditAction" ADD VALUE 'OAUTH_LINKED';
ALTER TYPE "AuditAction" ADD VALUE 'OAUTH_UNLINKED';
ALTER TYPE "AuditAction" ADD VALUE 'EMAIL_CHANGE_REQUESTED';
ALTER TYPE "AuditAction" ADD VALUE 'EMAIL_CHANGED';
ALTER TYPE "AuditAction" ADD VALUE 'USER_DEACTIVATED';
ALTER TYPE "AuditAction" ADD VALUE 'SESSION_REVOKED';

-- AlterTable
ALTER TABLE "verification_tokens" ADD COLUMN     "purpose" "TokenPurpose" NOT NULL DEFAULT 'VERIFY_EMAIL';
