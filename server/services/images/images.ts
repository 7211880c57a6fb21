// Uploaded pictures: every user's profile avatar and a company's logo (docs/decisions/013).
//
// An upload is checked and remade before anything is stored:
// - at most 2 MB (IMAGE_MAX_BYTES), checked on the bytes received;
// - its type is read from the bytes (PNG, JPEG or WebP signatures, then sharp's own reading of
//   the header must agree), never from the file name or the Content-Type the browser sent;
// - sharp decodes it fully (a truncated or corrupt file is refused, as is one over
//   IMAGE_MAX_PIXELS, so a small file cannot expand into gigabytes of pixels), turns it
//   upright by its EXIF orientation, resizes it (avatar: 256×256 cover; logo: inside 512×512,
//   never enlarged) and writes a fresh WebP. sharp keeps no metadata unless asked to
//   (withMetadata / keepExif): EXIF (GPS included), XMP, IPTC and ICC comments are gone.
//
// The result is stored through server/storage (DATA_DIR/images on local disk) under a key made
// of the kind, the owner's user id and a hash of the stored bytes (`avatar-<userId>-<hash>`):
// the app makes the key, the request never names it, and the same key always means the same
// bytes, so GET /api/images/:key can be cached for good (routes/images.ts). profiles.avatar and
// company_profiles.company_logo hold the served URL `/api/images/<key>`.
//
// Replacing swaps the URL in the row under a row lock and then deletes the file it replaced;
// removing clears it and deletes the file; deleting the user deletes every file under their
// keys (deleteUserImages). A file left behind by a crash between the store and the row update
// is found by sweepImageOrphans (run with the hourly recording retention job).
import crypto from "node:crypto";
import path from "node:path";
import type { Metadata } from "sharp";
import type { PrismaClient } from "../../db/generated/client.ts";
import { LocalDiskStorage } from "../../storage/local-disk.ts";
import type { Storage } from "../../storage/storage.ts";
import { audit, type RequestMeta } from "../audit.ts";
import { AppError } from "../errors.ts";

export const IMAGE_MAX_BYTES = 2 * 1024 * 1024;
/** 40 megapixels (e.g. 8000×5000): more than any camera photo people upload as an avatar. */
export const IMAGE_MAX_PIXELS = 40_000_000;
export const IMAGE_CONTENT_TYPE = "image/webp";
export const IMAGE_URL_PREFIX = "/api/images/";

export type ImageKind = "avatar" | "logo";

const SHAPES: Record<ImageKind, { width: number; height: number; fit: "cover" | "inside" }> = {
  avatar: { width: 256, height: 256, fit: "cover" },
  logo: { width: 512, height: 512, fit: "inside" },
};

export const imageTooLarge = () => new AppError("invalid", "IMAGE_TOO_LARGE", "The image is larger than 2 MB", { field: "file" });
export const imageWrongType = () => new AppError("invalid", "IMAGE_TYPE", "Upload a PNG, JPEG or WebP image", { field: "file" });
export const imageUnreadable = () => new AppError("invalid", "IMAGE_UNREADABLE", "The image could not be read", { field: "file" });
const imageTooManyPixels = () =>
  new AppError("invalid", "IMAGE_DIMENSIONS", `The image has too many pixels (at most ${IMAGE_MAX_PIXELS / 1_000_000} megapixels). Use a smaller picture.`, { field: "file" });

/** The format the bytes say they are (their signature), or null for anything else. */
export function sniffImageType(bytes: Uint8Array): "png" | "jpeg" | "webp" | null {
  const at = (i: number, ...xs: number[]) => xs.every((x, j) => bytes[i + j] === x);
  if (bytes.length >= 8 && at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "png";
  if (bytes.length >= 3 && at(0, 0xff, 0xd8, 0xff)) return "jpeg";
  // RIFF <size> WEBP
  if (bytes.length >= 12 && at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return "webp";
  return null;
}

/** Checks an upload and remakes it as a stripped, resized WebP; throws the clear messages above. */
export async function processImage(bytes: Buffer, kind: ImageKind): Promise<Buffer> {
  if (bytes.length > IMAGE_MAX_BYTES) throw imageTooLarge();
  const sniffed = sniffImageType(bytes);
  if (!sniffed) throw imageWrongType();
  // Loaded on the first upload, not at start-up (its native library takes ~70 ms to open).
  const { default: sharp } = await import("sharp");
  // failOn "error": a truncated or undecodable file fails; harmless decoder warnings (a camera's
  // stray bytes after a JPEG marker) do not.
  const options = { limitInputPixels: IMAGE_MAX_PIXELS, failOn: "error" as const, animated: false };
  let meta: Metadata;
  try {
    meta = await sharp(bytes, options).metadata();
  } catch {
    throw imageUnreadable();
  }
  if (meta.format !== sniffed) throw imageWrongType();
  if (!meta.width || !meta.height) throw imageUnreadable();
  if (meta.width * meta.height > IMAGE_MAX_PIXELS) throw imageTooManyPixels();
  const shape = SHAPES[kind];
  try {
    return await sharp(bytes, options)
      .rotate()
      .resize({ width: shape.width, height: shape.height, fit: shape.fit, withoutEnlargement: shape.fit === "inside" })
      .webp({ quality: 86, effort: 4 })
      .toBuffer();
  } catch {
    throw imageUnreadable();
  }
}

const KEY = /^(avatar|logo)-[a-z0-9]{1,64}-[0-9a-f]{20}$/;

/** Whether `key` is one this module makes (the image route serves nothing else). */
export const isImageKey = (key: string) => KEY.test(key);

export const imageKey = (kind: ImageKind, userId: string, bytes: Buffer) =>
  `${kind}-${userId.toLowerCase()}-${crypto.createHash("sha256").update(bytes).digest("hex").slice(0, 20)}`;

export const imageUrlOf = (key: string) => `${IMAGE_URL_PREFIX}${key}`;

/** The storage key behind one of our image URLs, or null (no image, or an outside URL such as an OAuth provider's picture). */
export function imageKeyOfUrl(url: string | null | undefined): string | null {
  if (!url?.startsWith(IMAGE_URL_PREFIX)) return null;
  const key = url.slice(IMAGE_URL_PREFIX.length);
  return isImageKey(key) ? key : null;
}

const stores = new Map<string, Storage>();
/** The images store of an app whose data folder is `dataDir` (one instance per folder). */
export function imageStorage(dataDir: string): Storage {
  let s = stores.get(dataDir);
  if (!s) {
    s = new LocalDiskStorage(path.join(dataDir, "images"));
    stores.set(dataDir, s);
  }
  return s;
}

type Actor = { userId: string; meta: RequestMeta };

/**
 * Points the user's avatar (or company logo) at `url` (null = none) in one transaction that
 * locks the row first, so two changes at once each see — and report — what they replaced.
 * Returns the previous value; throws NOT_FOUND when a logo is set for a user without a company.
 */
async function swapImage(db: PrismaClient, actor: Actor, kind: ImageKind, url: string | null): Promise<string | null> {
  return db.$transaction(async (tx) => {
    let previous: string | null;
    if (kind === "avatar") {
      // Profiles are made lazily (profile.get); make sure there is a row to lock.
      await tx.$executeRaw`INSERT INTO profiles (id, user_id, languages, skills, open_to, updated_at) VALUES (${crypto.randomUUID()}, ${actor.userId}, '{}', '{}', '{}', (now() AT TIME ZONE 'UTC')) ON CONFLICT (user_id) DO NOTHING`;
      const rows = await tx.$queryRaw<{ avatar: string | null }[]>`SELECT avatar FROM profiles WHERE user_id = ${actor.userId} FOR UPDATE`;
      previous = rows[0]?.avatar ?? null;
      await tx.profile.update({ where: { userId: actor.userId }, data: { avatar: url }, select: { id: true } });
    } else {
      const rows = await tx.$queryRaw<{ company_logo: string | null }[]>`SELECT company_logo FROM company_profiles WHERE user_id = ${actor.userId} FOR UPDATE`;
      if (rows.length === 0) throw new AppError("not-found", "NOT_FOUND", "Your account has no company profile.");
      previous = rows[0]!.company_logo;
      await tx.companyProfile.update({ where: { userId: actor.userId }, data: { companyLogo: url }, select: { id: true } });
    }
    if (previous !== url) {
      await audit(tx, {
        action: "AVATAR_CHANGED",
        userId: actor.userId,
        details: { kind, change: url === null ? "removed" : previous === null ? "added" : "replaced" },
        meta: actor.meta,
      });
    }
    return previous;
  });
}

/** Deletes the stored file behind a replaced URL, unless it is still the current one. */
async function deleteReplaced(store: Storage, previous: string | null, current: string | null) {
  const key = imageKeyOfUrl(previous);
  if (key && previous !== current) await store.delete(key);
}

/** Checks, remakes and stores an upload, and makes it the user's avatar or company logo. */
export async function uploadImage(db: PrismaClient, store: Storage, actor: Actor, kind: ImageKind, bytes: Buffer): Promise<{ url: string }> {
  if (kind === "logo") {
    // Refuse before the work when there is no company (the swap checks again, in its lock).
    const has = await db.companyProfile.findUnique({ where: { userId: actor.userId }, select: { id: true } });
    if (!has) throw new AppError("not-found", "NOT_FOUND", "Your account has no company profile.");
  }
  const out = await processImage(bytes, kind);
  const key = imageKey(kind, actor.userId, out);
  const url = imageUrlOf(key);
  await store.put(key, out, IMAGE_CONTENT_TYPE);
  let previous: string | null;
  try {
    previous = await swapImage(db, actor, kind, url);
  } catch (e) {
    await store.delete(key).catch(() => {});
    throw e;
  }
  await deleteReplaced(store, previous, url);
  return { url };
}

/** Removes the user's avatar or company logo (nothing to remove is not an error). */
export async function removeImage(db: PrismaClient, store: Storage, actor: Actor, kind: ImageKind): Promise<{ url: null }> {
  const previous = await swapImage(db, actor, kind, null);
  await deleteReplaced(store, previous, null);
  return { url: null };
}

/** Deletes every stored image of a user (their account is being deleted); returns how many. */
export async function deleteUserImages(store: Storage, userId: string): Promise<number> {
  let n = 0;
  for (const kind of ["avatar", "logo"] as const) {
    for await (const item of store.list(`${kind}-${userId.toLowerCase()}-`)) if (await store.delete(item.key)) n++;
  }
  return n;
}

/** A file younger than this is never an orphan (its upload may be updating its row right now). */
export const IMAGE_ORPHAN_GRACE_MS = 60 * 60_000;

/** Deletes stored images that no profile points at any more (older than the grace period). */
export async function sweepImageOrphans(db: PrismaClient, store: Storage, now = new Date()): Promise<number> {
  let n = 0;
  for (const kind of ["avatar", "logo"] as const) {
    for await (const item of store.list(`${kind}-`)) {
      if (!isImageKey(item.key) || item.createdAt.getTime() > now.getTime() - IMAGE_ORPHAN_GRACE_MS) continue;
      const url = imageUrlOf(item.key);
      const used =
        kind === "avatar"
          ? await db.profile.findFirst({ where: { avatar: url }, select: { id: true } })
          : await db.companyProfile.findFirst({ where: { companyLogo: url }, select: { id: true } });
      if (!used && (await store.delete(item.key))) n++;
    }
  }
  return n;
}
