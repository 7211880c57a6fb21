// A company's API keys (issue 14). A key is "hxp_" + 256 random bits in lower-case base32; it
// is shown once, at creation. Only its SHA-256 (hex) is stored, with the first characters as a
// visible prefix to tell keys apart. Every query names the owner's id (ownership in the query);
// creating and revoking are audited (API_KEY_CREATED / API_KEY_REVOKED) without the secret.
import { adoptUser } from "../../db/context.ts";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import type { z } from "zod";
import type { PrismaClient } from "../../db/generated/client.ts";
import { sessionUserOf, type SessionUser } from "../../auth/session.ts";
import { hashToken } from "../../auth/tokens.ts";
import { API_SCOPES, type ApiScope } from "../../../shared/access.ts";
import { API_KEY_LIMITS, type ApiKeyCreateInput } from "../../../shared/schemas/api-keys.ts";
import { audit, type RequestMeta } from "../audit.ts";
import { requireVerifiedCompany } from "../company/verified.ts";
import { AppError } from "../errors.ts";

export const API_KEY_PREFIX = "hxp_";
/** hxp_ and 52 base32 characters (32 random bytes). */
export const API_KEY_PATTERN = /^hxp_[a-z2-7]{52}$/;
/** How many characters of the key are kept (and shown) to tell keys apart: hxp_ and 8 more. */
const VISIBLE = 12;
/** The last-used time is written at most this often. */
export const LAST_USED_INTERVAL_MS = 60_000;

export function generateApiKey(): string {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  return API_KEY_PREFIX + encodeBase32LowerCaseNoPadding(bytes);
}

export function hashApiKey(key: string): string {
  return hashToken(key);
}

export type KeyOwner = { userId: string; meta: RequestMeta };

const listSelect = { id: true, name: true, prefix: true, scopes: true, createdAt: true, lastUsedAt: true, expiresAt: true, revokedAt: true } as const;

/** apiKeys.create: a new key; the answer is the only place its secret ever appears. */
export async function createApiKey(db: PrismaClient, owner: KeyOwner, input: z.output<typeof ApiKeyCreateInput>) {
  const key = generateApiKey();
  return db.$transaction(async (tx) => {
    await requireVerifiedCompany(tx, owner.userId);
    const now = new Date();
    const active = await tx.apiKey.count({
      where: { userId: owner.userId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    });
    if (active >= API_KEY_LIMITS.activeKeys) {
      throw new AppError("conflict", "API_KEY_LIMIT", `You have ${API_KEY_LIMITS.activeKeys} working keys: revoke one you no longer use first.`);
    }
    const row = await tx.apiKey.create({
      data: { userId: owner.userId, name: input.name, prefix: key.slice(0, VISIBLE), secretHash: hashApiKey(key), scopes: input.scopes, expiresAt: input.expiresAt ?? null },
      select: listSelect,
    });
    await audit(tx, {
      action: "API_KEY_CREATED",
      userId: owner.userId,
      details: { keyId: row.id, name: row.name, prefix: row.prefix, scopes: row.scopes, expiresAt: row.expiresAt?.toISOString() ?? null },
      meta: owner.meta,
    });
    return { ...row, key };
  });
}

/** apiKeys.list: the owner's keys, newest first (revoked ones too, marked), never a secret. */
export async function listApiKeys(db: PrismaClient, owner: KeyOwner) {
  await requireVerifiedCompany(db, owner.userId);
  const rows = await db.apiKey.findMany({ where: { userId: owner.userId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 200, select: listSelect });
  return { items: rows };
}

/** apiKeys.revoke: the key stops working at once (the next request is refused). */
export async function revokeApiKey(db: PrismaClient, owner: KeyOwner, id: string) {
  return db.$transaction(async (tx) => {
    await requireVerifiedCompany(tx, owner.userId);
    const now = new Date();
    const rows = await tx.apiKey.findMany({ where: { id, userId: owner.userId }, select: { name: true, prefix: true, revokedAt: true } });
    const row = rows[0];
    if (!row) throw new AppError("not-found", "API_KEY_NOT_FOUND", "This key does not exist.");
    if (row.revokedAt) return { id, revokedAt: row.revokedAt };
    await tx.apiKey.updateMany({ where: { id, userId: owner.userId, revokedAt: null }, data: { revokedAt: now } });
    await audit(tx, { action: "API_KEY_REVOKED", userId: owner.userId, details: { keyId: id, name: row.name, prefix: row.prefix }, meta: owner.meta });
    return { id, revokedAt: now };
  });
}

export type ApiKeyCaller = { id: string; scopes: ApiScope[] };

type KeyRow = {
  key_id: string;
  scopes: string[];
  user_id: string;
  email: string;
  role: SessionUser["role"];
  status: SessionUser["status"];
  email_verified: Date | null;
  name: string | null;
  avatar: string | null;
  has_password: boolean;
};

/**
 * The key's caller, or null when the key is unknown, revoked or expired, or its owner is no
 * longer an ACTIVE, verified COMPANY account of a verified company — all checked in one
 * statement, which also writes the last-used time when it is older than a minute (a
 * conditional UPDATE in the same statement: no write on most requests).
 */
export async function authenticateApiKey(db: PrismaClient, key: string, now = new Date()): Promise<{ apiKey: ApiKeyCaller; user: SessionUser } | null> {
  if (!API_KEY_PATTERN.test(key)) return null;
  const hash = hashApiKey(key);
  const stale = new Date(now.getTime() - LAST_USED_INTERVAL_MS);
  // A SECURITY DEFINER function (migration …_api_keys_row_level_security): the key comes
  // before its user is known, so row-level security cannot yet name whose rows these are.
  const rows = await db.$queryRaw<KeyRow[]>`SELECT * FROM api_key_lookup(${hash}, ${now}::timestamp(3), ${stale}::timestamp(3))`;
  const row = rows[0];
  if (!row) return null;
  adoptUser(row.user_id);
  return {
    apiKey: { id: row.key_id, scopes: row.scopes.filter((s): s is ApiScope => (API_SCOPES as readonly string[]).includes(s)) },
    user: sessionUserOf({ ...row, admin_level: null }),
  };
}
