// The signed, standard form of a HireXp certificate (issue 10): an Open Badges 3.0
// OpenBadgeCredential (a W3C Verifiable Credential, data model 2.0) secured as a VC-JWT as
// Open Badges 3.0 §8.2 "JSON Web Token Proof Format" specifies it: the credential is the JWT
// payload (no `vc` wrapper) with the claims iss, jti, sub, nbf and exp mapped from it; the
// header holds alg, kid and typ "JWT" only (no other header is allowed); signed with
// Ed25519 (alg "EdDSA") using `jose`. Anyone verifies it against the public key served at
// `${APP_URL}/.well-known/jwks.json` (docs/certificates-credential.md).
//
// The issuer key: CREDENTIAL_SIGNING_KEY (a private Ed25519 JWK) when set. Unset outside
// production, one is generated on the first start into `${DATA_DIR}/credential-signing-key.jwk.json`
// (mode 0600) and reused afterwards. Unset in production, nothing is generated (several app
// servers would each sign with their own key): credentials are unavailable (503) and the
// server says so at startup. `kid` is the key's RFC 7638 thumbprint.
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { calculateJwkThumbprint, compactVerify, CompactSign, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from "jose";
import { parseCredentialSigningKey, type Config } from "../../config.ts";
import type { PrismaClient } from "../../db/generated/client.ts";

export const CREDENTIAL_ALG = "EdDSA";
export const CREDENTIAL_TYP = "JWT";
export const CREDENTIAL_CONTENT_TYPE = "application/jwt";
export const KEY_FILE_NAME = "credential-signing-key.jwk.json";

export const VC_CONTEXT = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"] as const;
const OB_SCHEMA = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json";

export type IssuerKey = {
  privateKey: CryptoKey;
  /** The public half only: kty, crv, x, plus kid, alg and use. */
  publicJwk: JWK & { kid: string; alg: "EdDSA"; use: "sig" };
  kid: string;
  source: "config" | "data-dir" | "generated";
};

export type IssuerKeyState = { ok: true; key: IssuerKey } | { ok: false; reason: string };

/** Why credentials are off in production without a key (the 503 answer and the startup warning). */
export const PRODUCTION_KEY_MISSING =
  "Signed credentials are not available: the server has no CREDENTIAL_SIGNING_KEY. The operator sets it to a private Ed25519 JWK (docs/certificates-credential.md).";

async function importPrivate(jwk: JWK, where: string): Promise<IssuerKey> {
  const publicJwk = { kty: "OKP", crv: "Ed25519", x: jwk.x! };
  const kid = await calculateJwkThumbprint(publicJwk);
  let privateKey: CryptoKey;
  try {
    privateKey = (await importJWK({ kty: "OKP", crv: "Ed25519", x: jwk.x!, d: jwk.d! }, CREDENTIAL_ALG)) as CryptoKey;
  } catch {
    // Node checks that "x" is the public key of "d" while importing.
    throw new Error(`${where}: the Ed25519 JWK could not be imported: "d" is not a valid private key or "x" does not match it.`);
  }
  // The two halves must belong together, or every credential would fail to verify.
  const probe = await new CompactSign(new TextEncoder().encode("hirexp-key-check")).setProtectedHeader({ alg: CREDENTIAL_ALG }).sign(privateKey);
  try {
    await compactVerify(probe, await importJWK(publicJwk, CREDENTIAL_ALG));
  } catch {
    throw new Error(`${where}: the public part "x" of the Ed25519 JWK does not match its private part "d".`);
  }
  return { privateKey, publicJwk: { ...publicJwk, kid, alg: CREDENTIAL_ALG, use: "sig" }, kid, source: "config" };
}

/** Reads the generated key file, or creates it (atomically: two processes starting together agree on one key). */
async function dataDirKey(dataDir: string): Promise<IssuerKey> {
  const file = path.join(dataDir, KEY_FILE_NAME);
  const read = async (): Promise<IssuerKey | null> => {
    let raw: string;
    try {
      raw = await fs.readFile(file, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw e;
    }
    let checked: string;
    try {
      checked = parseCredentialSigningKey(raw)!;
    } catch (e) {
      throw new Error(`${file} is not a usable signing key (${(e as Error).message.split("\n").pop()?.trim()}). Move it away to generate a new one (credentials signed with it will no longer verify).`);
    }
    return { ...(await importPrivate(JSON.parse(checked) as JWK, file)), source: "data-dir" };
  };
  const existing = await read();
  if (existing) return existing;

  await fs.mkdir(dataDir, { recursive: true });
  const { privateKey } = await generateKeyPair(CREDENTIAL_ALG, { crv: "Ed25519", extractable: true });
  const jwk = await exportJWK(privateKey);
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(6).toString("hex")}.tmp`;
  await fs.writeFile(tmp, JSON.stringify({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, d: jwk.d }) + "\n", { mode: 0o600, flag: "wx" });
  try {
    // link() fails when the file exists: whoever links first wins, the others read theirs.
    await fs.link(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  } finally {
    await fs.unlink(tmp).catch(() => {});
  }
  const stored = await read();
  if (!stored) throw new Error(`${file} vanished right after it was written.`);
  return { ...stored, source: stored.publicJwk.x === jwk.x ? "generated" : "data-dir" };
}

/**
 * The issuer key from config, or from / into DATA_DIR outside production. Throws on a key that
 * is set but unusable (a startup error); `{ok: false}` when production has none.
 */
export async function loadIssuerKey(config: Pick<Config, "env" | "dataDir" | "credentialSigningKey">): Promise<IssuerKeyState> {
  if (config.credentialSigningKey) {
    const jwk = JSON.parse(parseCredentialSigningKey(config.credentialSigningKey)!) as JWK;
    return { ok: true, key: await importPrivate(jwk, "CREDENTIAL_SIGNING_KEY") };
  }
  if (config.env === "production") return { ok: false, reason: PRODUCTION_KEY_MISSING };
  return { ok: true, key: await dataDirKey(config.dataDir) };
}

// ---------------------------------------------------------------------------------------------
// The certificate as the credential and the PDF show it

export type CertificateDocument = {
  code: string;
  holderName: string;
  issuedAt: Date;
  validUntil: Date | null;
  skills: unknown;
  overallScore: number;
  verificationUrl: string;
};

export type ScoreEntry = { key: string; label: string; score: number };

function labelOf(key: string): string {
  const words = key
    .replace(/[_-]+/g, " ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .trim()
    .toLowerCase();
  return words ? words[0]!.toUpperCase() + words.slice(1) : key;
}

/**
 * The scores in a certificate's `skills` JSON as a flat list, whatever its exact layout:
 * `{fluency: 82}`, nested groups (`{skills: {…}, assessments: {grammar: 90}}`, labelled
 * "Assessments – grammar"), or arrays of `{name|skill|type|key, score|value|average}`.
 * Anything that is not a finite number is left out.
 */
export function scoreEntries(skills: unknown): ScoreEntry[] {
  const out: ScoreEntry[] = [];
  const GROUPS = new Set(["skills", "skill", "scores"]);
  const walk = (v: unknown, keys: string[]) => {
    if (typeof v === "number" && Number.isFinite(v) && keys.length) {
      const key = keys.join(".");
      const shown = keys.filter((k, i) => !(i < keys.length - 1 && GROUPS.has(k.toLowerCase())));
      out.push({ key, label: shown.map((k, i) => (i === 0 ? labelOf(k) : labelOf(k).toLowerCase())).join(" – "), score: v });
      return;
    }
    if (Array.isArray(v)) {
      v.forEach((item, i) => {
        if (item && typeof item === "object" && !Array.isArray(item)) {
          const o = item as Record<string, unknown>;
          const name = [o.name, o.skill, o.type, o.key, o.label].find((x) => typeof x === "string") as string | undefined;
          const score = [o.score, o.value, o.average, o.averageScore].find((x) => typeof x === "number");
          if (name && typeof score === "number") return walk(score, [...keys, name]);
        }
        walk(item, [...keys, String(i + 1)]);
      });
      return;
    }
    if (v && typeof v === "object") for (const [k, x] of Object.entries(v as Record<string, unknown>)) walk(x, [...keys, k]);
  };
  walk(skills, []);
  return out;
}

/** A score as shown: at most one decimal. */
export function formatScore(n: number): string {
  return String(Math.round(n * 10) / 10);
}

export function achievementId(appUrl: string): string {
  return `${appUrl}/achievements/communication-certificate`;
}

/**
 * The credential subject's id (Open Badges wants one for the JWT's `sub`): an opaque
 * `urn:uuid:` derived from the certificate code, so it names no account and stays the same on
 * every download of one certificate.
 */
export function subjectId(code: string): string {
  const h = crypto.createHash("sha256").update(`hirexp-certificate-subject:${code}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x80; // version 8 (custom)
  h[8] = (h[8]! & 0x3f) | 0x80; // RFC 9562 variant
  const x = h.subarray(0, 16).toString("hex");
  return `urn:uuid:${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "score";

/** The unsigned OpenBadgeCredential of a certificate (VC data model 2.0, Open Badges 3.0). */
export function buildOpenBadgeCredential(cert: CertificateDocument, appUrl: string) {
  const achievement = achievementId(appUrl);
  const entries = [{ key: "overall", label: "Overall score", score: cert.overallScore }, ...scoreEntries(cert.skills)];
  const used = new Set<string>();
  const described = entries.map((e) => {
    let id = `${achievement}#result-${slug(e.key)}`;
    for (let n = 2; used.has(id); n++) id = `${achievement}#result-${slug(e.key)}-${n}`;
    used.add(id);
    return { ...e, id };
  });
  return {
    "@context": [...VC_CONTEXT],
    id: cert.verificationUrl,
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    name: `HireXp Communication Certificate ${cert.code}`,
    issuer: { id: appUrl, type: ["Profile"], name: "HireXp", url: appUrl },
    validFrom: cert.issuedAt.toISOString(),
    ...(cert.validUntil ? { validUntil: cert.validUntil.toISOString() } : {}),
    credentialSubject: {
      id: subjectId(cert.code),
      type: ["AchievementSubject"],
      // Open Badges identifies a subject without an id by an IdentityObject; `name` repeats it
      // for readers (a term of the VC 2.0 context's issuer-dependent vocabulary).
      name: cert.holderName,
      identifier: [{ type: "IdentityObject", identityType: "name", hashed: false, identityHash: cert.holderName }],
      achievement: {
        id: achievement,
        type: ["Achievement"],
        achievementType: "Certificate",
        name: "HireXp Communication Certificate",
        description:
          "Workplace English communication, assessed on HireXp: practised job-interview conversations (chat and voice calls) scored on communication skills, and passed grammar, vocabulary and reading assessments.",
        criteria: {
          narrative:
            "Awarded automatically when the trainee has completed the required number of practice sessions on HireXp (including at least one voice call) with a sustained average score at or above the pass mark over the most recent sessions, and has passed the grammar, vocabulary and reading assessments. The scores below are on a 0–100 scale.",
        },
        resultDescription: described.map((d) => ({
          id: d.id,
          type: ["ResultDescription"],
          name: d.label,
          resultType: "Percent",
          valueMin: "0",
          valueMax: "100",
        })),
      },
      result: described.map((d) => ({ type: ["Result"], resultDescription: d.id, value: formatScore(d.score) })),
    },
    credentialSchema: [{ id: OB_SCHEMA, type: "1EdTechJsonSchemaValidator2019" }],
  };
}

export type OpenBadgeCredential = ReturnType<typeof buildOpenBadgeCredential>;

/**
 * The certificate as a VC-JWT: header {alg: EdDSA, kid, typ: JWT}; payload = the credential plus
 * the registered claims iss (issuer id), jti (credential id = verification URL), sub
 * (credentialSubject.id), nbf (validFrom) and exp (validUntil).
 */
export async function signCredential(cert: CertificateDocument, appUrl: string, key: IssuerKey): Promise<string> {
  const vc = buildOpenBadgeCredential(cert, appUrl);
  const jwt = new SignJWT(vc as unknown as Record<string, unknown>)
    .setProtectedHeader({ alg: CREDENTIAL_ALG, kid: key.kid, typ: CREDENTIAL_TYP })
    .setIssuer(vc.issuer.id)
    .setJti(vc.id)
    .setSubject(vc.credentialSubject.id)
    .setNotBefore(Math.floor(cert.issuedAt.getTime() / 1000));
  if (cert.validUntil) jwt.setExpirationTime(Math.floor(cert.validUntil.getTime() / 1000));
  return jwt.sign(key.privateKey);
}

// ---------------------------------------------------------------------------------------------
// The holder's certificate

export type HolderCertificate = CertificateDocument & { revokedAt: Date | null };

type Row = {
  certificate_code: string;
  issued_at: Date;
  valid_until: Date | null;
  skills: unknown;
  overall_score: number;
  verification_url: string;
  holder_name: string | null;
  revoked_at: string | null;
};

/**
 * The certificate `code` when `userId` holds it, else null (another holder's code and an
 * unknown code look the same). `revokedAt` is read when the certificates table has a
 * revoked_at column (added by the revocation migration) and is null otherwise.
 */
export async function findHolderCertificate(db: PrismaClient, userId: string, code: string): Promise<HolderCertificate | null> {
  const rows = await db.$queryRaw<Row[]>`
    SELECT c.certificate_code, c.issued_at, c.valid_until, c.skills, c.overall_score, c.verification_url,
           p.name AS holder_name, to_jsonb(c) ->> 'revoked_at' AS revoked_at
    FROM certificates c
    LEFT JOIN profiles p ON p.user_id = c.user_id
    WHERE c.certificate_code = ${code} AND c.user_id = ${userId}`;
  const r = rows[0];
  if (!r) return null;
  const skills = typeof r.skills === "string" ? (JSON.parse(r.skills) as unknown) : r.skills;
  return {
    code: r.certificate_code,
    holderName: r.holder_name?.trim() || "HireXp trainee",
    issuedAt: new Date(r.issued_at),
    validUntil: r.valid_until ? new Date(r.valid_until) : null,
    skills,
    overallScore: Number(r.overall_score),
    verificationUrl: r.verification_url,
    // to_jsonb writes a timestamp without time zone as ISO text without an offset: it is UTC.
    revokedAt: r.revoked_at ? new Date(/(?:Z|[+-]\d\d:?\d\d)$/i.test(r.revoked_at) ? r.revoked_at : `${r.revoked_at}Z`) : null,
  };
}
