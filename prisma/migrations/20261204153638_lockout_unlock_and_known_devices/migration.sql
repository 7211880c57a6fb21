-- AlterEnum
ALTER TYPE "AuditAction" ADD VALUE 'ACCOUNT_UNLOCKED';

-- AlterEnum
ALTER TYPE "TokenPurpose" ADD VALUE 'ACCOUNT_UNLOCK';

-- CreateTable
CREATE TABLE "known_devices" (
    "token_hash" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "known_devices_pkey" PRIMARY KEY ("token_hash","user_id")
);

-- CreateIndex
CREATE INDEX "known_devices_user_id_idx" ON "known_devices"("user_id");

-- CreateIndex
CREATE INDEX "known_devices_expires_idx" ON "known_devices"("expires");

-- AddForeignKey
ALTER TABLE "known_devices" ADD CONSTRAINT "known_devices_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
