-- AlterTable
ALTER TABLE "chat_sessions" ADD COLUMN     "last_activity_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "message_count" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "chat_messages" ADD COLUMN     "notice" TEXT;

-- AlterTable
ALTER TABLE "call_sessions" ADD COLUMN     "last_activity_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "message_count" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "call_transcripts" ADD COLUMN     "duration_ms" INTEGER,
ADD COLUMN     "notice" TEXT,
ADD COLUMN     "started_at" TIMESTAMP(3);
