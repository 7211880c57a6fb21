// The starter library (prisma/library/*/*.json): installed at start when missing, owned by the
// built-in instructor "HireXp Library", which is verified and cannot sign in (no password, no
// provider account, an address in the reserved .invalid domain). Idempotent: an item is
// created once per key and published again only when its file's `version` is newer.
import fs from "node:fs";
import path from "node:path";
import { PROJECT_ROOT } from "../../project-root.ts";
import { z } from "zod";
import { Prisma, type PrismaClient } from "../../db/generated/client.ts";
import { ContentInput } from "../../../shared/schemas/content.ts";
import { estimatedMinutes } from "./trainee-safe.ts";

export const LIBRARY_DIR = path.join(PROJECT_ROOT, "prisma/library");
export const LIBRARY_EMAIL = "library@hirexp.invalid";
export const LIBRARY_NAME = "HireXp Library";

export const LibraryFile = z.object({ key: z.string().regex(/^[a-z0-9-]{1,80}$/), version: z.number().int().min(1), item: ContentInput }).strict();
export type LibraryFile = z.infer<typeof LibraryFile>;

/** Every library file, parsed and validated; a bad file stops the start with its name and problem. */
export function readLibrary(dir = LIBRARY_DIR): LibraryFile[] {
  if (!fs.existsSync(dir)) return [];
  const files = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => fs.readdirSync(path.join(dir, d.name)).filter((f) => f.endsWith(".json")).map((f) => path.join(dir, d.name, f)))
    .sort();
  return files.map((f) => {
    const r = LibraryFile.safeParse(JSON.parse(fs.readFileSync(f, "utf8")));
    if (!r.success) throw new Error(`Starter library: ${f} is invalid: ${r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
    return r.data;
  });
}

async function libraryUser(db: Prisma.TransactionClient): Promise<string> {
  const u = await db.user.upsert({
    where: { email: LIBRARY_EMAIL },
    create: {
      email: LIBRARY_EMAIL,
      password: null,
      role: "INSTRUCTOR",
      status: "ACTIVE",
      emailVerified: new Date(),
      profile: { create: { name: LIBRARY_NAME, bio: "Practice material written by the HireXp team." } },
      instructorProfile: { create: { isVerified: true, verifiedAt: new Date(), specializations: ["Workplace communication"] } },
    },
    update: {},
    select: { id: true },
  });
  return u.id;
}

/**
 * Installs or updates the starter library; returns how many items were created and updated.
 * One transaction under an advisory lock, so app servers starting together install it once.
 */
export async function installLibrary(db: PrismaClient, files = readLibrary()): Promise<{ created: number; updated: number }> {
  if (files.length === 0) return { created: 0, updated: 0 };
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('hirexp:starter-library'))`;
      const creatorId = await libraryUser(tx);
      const existing = new Map(
        (await tx.content.findMany({ where: { libraryKey: { in: files.map((f) => f.key) } }, select: { id: true, libraryKey: true, version: true } })).map((c) => [c.libraryKey, c]),
      );
      let created = 0;
      let updated = 0;
      for (const f of files) {
        const have = existing.get(f.key);
        if (have && have.version >= f.version) continue;
        const { type, title, description, category, difficulty, data } = f.item;
        const columns = {
          title,
          description: description || null,
          category,
          difficulty,
          data: data as Prisma.InputJsonValue,
          draft: Prisma.DbNull,
          isPublished: true,
          publishedAt: new Date(),
          version: f.version,
          estimatedMinutes: estimatedMinutes(type, data),
        };
        const row = have
          ? await tx.content.update({ where: { id: have.id }, data: columns, select: { id: true } })
          : await tx.content.create({ data: { ...columns, type, creatorId, libraryKey: f.key }, select: { id: true } });
        await tx.contentVersion.upsert({
          where: { contentId_version: { contentId: row.id, version: f.version } },
          create: { contentId: row.id, version: f.version, title, description: description || null, type, category, difficulty, data: data as Prisma.InputJsonValue },
          update: {},
          select: { id: true },
        });
        if (have) updated += 1;
        else created += 1;
      }
      return { created, updated };
    },
    { maxWait: 60_000, timeout: 120_000 },
  );
}
