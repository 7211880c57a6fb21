-- AlterTable
ALTER TABLE "assessments" ADD COLUMN     "passed" BOOLEAN NOT NULL DEFAULT false;
