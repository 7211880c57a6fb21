// The signed credential and the PDF of a certificate (issue 10), on PGlite and a real PostgreSQL,
// over real HTTP: the JWKS is served without the private part; a downloaded VC-JWT verifies
// with jose against the served JWKS (createRemoteJWKSet fetches it) and carries the Open Badges
// 3.0 credential; a tampered one is rejected; only the signed-in holder downloads (another
// trainee, a signed-out request and an unknown code learn nothing); the PDF is one page with
// the code on it; the generated key is kept in DATA_DIR and reused by the next start; a key from
// CREDENTIAL_SIGNING_KEY is used as is; production without a key answers 503; a revoked
// certificate answers 410; downloads are rate-limited per user.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { calculateJwkThumbprint, createRemoteJWKSet, decodeProtectedHeader, exportJWK, generateKeyPair, jwtVerify, errors as joseErrors } from "jose";
import jsQR from "jsqr";
import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../server/auth/password.ts";
import { loadConfig } from "../../server/config.ts";
import { KEY_FILE_NAME, scoreEntries } from "../../server/services/certificates/credential.ts";
import { renderCertificatePdf } from "../../server/services/certificates/pdf.ts";
import { createUser } from "../../server/services/users/create-user.ts";
import { describeEachDatabase } from "../helpers/db.ts";
import { startTestApp, TEST_APP_URL, type TestApp, type TestClient } from "../helpers/app.ts";

const PASSWORD = "correct horse battery staple";
let seq = 0;
const uniq = () => `${++seq}-${Math.random().toString(36).slice(2, 7)}`;
const SKILLS = { skills: { fluency: 81.25, grammar: 74, vocabulary: 88, pronunciation: 70.5, clarity: 79 }, assessments: { grammar: 90, vocabulary: 85, reading: 77 } };
const DAY = 24 * 60 * 60 * 1000;

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "hirexp-cred-"));
}
function randomCode(): string {
  const part = () => Math.random().toString(36).slice(2, 6).toUpperCase().padEnd(4, "X");
  return `HXP-${part()}-${part()}-${part()}`;
}
/** Every stream of a PDF file, inflated where it is compressed, as latin1 text. */
function pdfStreams(bytes: Uint8Array): string {
  const text = Buffer.from(bytes).toString("latin1");
  let out = "";
  // Each stream's data is its dictionary's /Length bytes (a direct number; not "n 0 R") after
  // "stream" and its line break. Read up to "endstream" instead, compressed data that ends in a
  // \r byte lost it to the line break before "endstream" and no longer inflated (1 PDF in ~300).
  for (const m of text.matchAll(/\/Length (\d+)(?![\d ]*\d+ R)[^]*?stream\r?\n/g)) {
    const start = m.index + m[0].length;
    const raw = Buffer.from(text.slice(start, start + Number(m[1])), "latin1");
    try {
      out += zlib.inflateSync(raw).toString("latin1");
    } catch {
      out += raw.toString("latin1");
    }
  }
  return out;
}
/**
 * The QR code drawn in a page's content (the black path: one square "x y m … h" per dark module,
 * in module units), rasterised at 8 px per module on white and read back with jsQR.
 */
function readQr(content: string): string | null {
  const block = content.slice(content.indexOf("0 0 0 rg"));
  const squares = [...block.matchAll(/^(\d+) (\d+) m$/gm)].map((m) => [Number(m[1]), Number(m[2])] as const);
  if (!squares.length) return null;
  const n = Math.max(...squares.flat()) + 1 + 4;
  const px = 8;
  const size = n * px;
  const rgba = new Uint8ClampedArray(size * size * 4).fill(255);
  for (const [x, y] of squares) {
    for (let dy = 0; dy < px; dy++) {
      for (let dx = 0; dx < px; dx++) {
        const i = ((y * px + dy) * size + (x * px + dx)) * 4;
        rgba[i] = rgba[i + 1] = rgba[i + 2] = 0;
      }
    }
  }
  return jsQR(rgba, size, size)?.data ?? null;
}
const hex = (s: string) => Buffer.from(s, "latin1").toString("hex").toUpperCase();

describeEachDatabase("certificate credential and PDF", (t) => {
  let app: TestApp;
  let dataDir: string;
  let hash: string;
  beforeAll(async () => {
    dataDir = tmpDir();
    app = await startTestApp(t.db, { dataDir });
    hash = await hashPassword(PASSWORD);
  });
  afterAll(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function trainee(name = `Trainee ${seq}`): Promise<{ id: string; c: TestClient }> {
    const email = `cred-${uniq()}@example.com`;
    const u = await createUser(t.prisma, { email, passwordHash: hash, role: "TRAINEE", name });
    const c = app.client();
    await c.signIn(email, PASSWORD);
    return { id: u.id, c };
  }
  async function certificate(userId: string, over: { issuedAt?: Date; validUntil?: Date | null; skills?: object; overallScore?: number } = {}) {
    const code = randomCode();
    const issuedAt = over.issuedAt ?? new Date(Date.UTC(2026, 10, 20, 9, 30, 0));
    await t.prisma.certificate.create({
      data: {
        userId,
        certificateCode: code,
        issuedAt,
        validUntil: over.validUntil === undefined ? new Date(issuedAt.getTime() + 730 * DAY) : over.validUntil,
        skills: over.skills ?? SKILLS,
        overallScore: over.overallScore ?? 78.4,
        verificationUrl: `${TEST_APP_URL}/verify/${code}`,
      },
    });
    return { code, issuedAt };
  }

  it("serves the public key as a JWKS: kid, alg EdDSA, use sig, cacheable, never the private part", async () => {
    const res = await fetch(`${app.url}/.well-known/jwks.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/jwk-set\+json/);
    expect(res.headers.get("cache-control")).toBe("public, max-age=3600");
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const body = await res.text();
    const jwks = JSON.parse(body) as { keys: Record<string, string>[] };
    expect(jwks.keys).toHaveLength(1);
    const key = jwks.keys[0]!;
    expect(key).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA", use: "sig" });
    expect(Object.keys(key).sort()).toEqual(["alg", "crv", "kid", "kty", "use", "x"]);
    expect(key.kid).toBe(await calculateJwkThumbprint({ kty: "OKP", crv: "Ed25519", x: key.x! }));
    expect(body).not.toContain('"d"');
    // The private key is in DATA_DIR, readable by the owner only.
    const file = path.join(dataDir, KEY_FILE_NAME);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, string>;
    expect(stored.x).toBe(key.x);
    expect(typeof stored.d).toBe("string");
  });

  it("the holder downloads a VC-JWT that verifies with jose against the served JWKS and carries the Open Badges 3.0 credential", async () => {
    const holder = await trainee("Amélie Durand");
    const { code, issuedAt } = await certificate(holder.id);
    const res = await holder.c.fetch(`/api/certificates/${code}/credential.jwt`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/jwt/);
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="hirexp-certificate-${code}.jwt"`);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const jwt = await res.text();

    const header = decodeProtectedHeader(jwt);
    const served = (await (await fetch(`${app.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
    expect(header).toEqual({ alg: "EdDSA", kid: served.keys[0]!.kid, typ: "JWT" });

    const JWKS = createRemoteJWKSet(new URL(`${app.url}/.well-known/jwks.json`));
    const { payload } = await jwtVerify(jwt, JWKS, { issuer: TEST_APP_URL, typ: "JWT", algorithms: ["EdDSA"], currentDate: new Date(issuedAt.getTime() + DAY) });
    const vc = payload as Record<string, any>;
    expect(vc.iss).toBe(TEST_APP_URL);
    expect(vc.jti).toBe(`${TEST_APP_URL}/verify/${code}`);
    expect(vc.sub).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(vc.sub).toBe(vc.credentialSubject.id);
    expect(vc.nbf).toBe(issuedAt.getTime() / 1000);
    expect(vc.exp).toBe(issuedAt.getTime() / 1000 + 730 * 86400);
    expect(vc["@context"]).toEqual(["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]);
    expect(vc.type).toEqual(["VerifiableCredential", "OpenBadgeCredential"]);
    expect(vc.id).toBe(`${TEST_APP_URL}/verify/${code}`);
    expect(vc.issuer).toMatchObject({ id: TEST_APP_URL, type: ["Profile"], name: "HireXp" });
    expect(vc.validFrom).toBe(issuedAt.toISOString());
    expect(vc.validUntil).toBe(new Date(issuedAt.getTime() + 730 * DAY).toISOString());
    const subject = vc.credentialSubject;
    expect(subject.type).toEqual(["AchievementSubject"]);
    expect(subject.name).toBe("Amélie Durand");
    expect(subject.identifier).toEqual([{ type: "IdentityObject", identityType: "name", hashed: false, identityHash: "Amélie Durand" }]);
    expect(subject.achievement).toMatchObject({ id: `${TEST_APP_URL}/achievements/communication-certificate`, type: ["Achievement"], name: "HireXp Communication Certificate" });
    expect(subject.achievement.criteria.narrative).toMatch(/grammar, vocabulary and reading/);
    // One result per score, each pointing at its description in the achievement.
    const described = new Map<string, string>(subject.achievement.resultDescription.map((d: { id: string; name: string }) => [d.id, d.name]));
    const results = new Map<string, string>(subject.result.map((r: { resultDescription: string; value: string }) => [described.get(r.resultDescription)!, r.value]));
    expect(results.get("Overall score")).toBe("78.4");
    expect(results.get("Fluency")).toBe("81.3");
    expect(results.get("Pronunciation")).toBe("70.5");
    expect(results.get("Assessments – reading")).toBe("77");
    expect(results.size).toBe(1 + 8);
    // Nothing personal beyond the name.
    expect(jwt).not.toMatch(/example\.com/);
    expect(JSON.stringify(vc)).not.toContain(holder.id);
  });

  it("rejects a tampered credential: the payload changed, the signature kept", async () => {
    const holder = await trainee();
    const { code, issuedAt } = await certificate(holder.id, { overallScore: 71 });
    const jwt = await (await holder.c.fetch(`/api/certificates/${code}/credential.jwt`)).text();
    const [h, p, s] = jwt.split(".");
    const payload = JSON.parse(Buffer.from(p!, "base64url").toString("utf8")) as Record<string, any>;
    payload.credentialSubject.result[0].value = "99";
    const forged = [h, Buffer.from(JSON.stringify(payload)).toString("base64url"), s].join(".");
    const JWKS = createRemoteJWKSet(new URL(`${app.url}/.well-known/jwks.json`));
    const opts = { issuer: TEST_APP_URL, algorithms: ["EdDSA"], currentDate: new Date(issuedAt.getTime() + DAY) };
    await expect(jwtVerify(forged, JWKS, opts)).rejects.toBeInstanceOf(joseErrors.JWSSignatureVerificationFailed);
    // The untouched one verifies, so the failure above is the tampering.
    await expect(jwtVerify(jwt, JWKS, opts)).resolves.toBeTruthy();
    // A signature from another key is rejected too.
    const other = await generateKeyPair("EdDSA", { crv: "Ed25519" });
    const { SignJWT } = await import("jose");
    const kid = decodeProtectedHeader(jwt).kid!;
    const foreign = await new SignJWT(payload).setProtectedHeader({ alg: "EdDSA", kid, typ: "JWT" }).sign(other.privateKey);
    await expect(jwtVerify(foreign, JWKS, opts)).rejects.toBeInstanceOf(joseErrors.JWSSignatureVerificationFailed);
  });

  it("only the signed-in holder downloads: another trainee and an unknown code get the same 404, signed out 401", async () => {
    const holder = await trainee();
    const other = await trainee();
    const { code } = await certificate(holder.id);
    for (const file of ["credential.jwt", "certificate.pdf"]) {
      const foreign = await other.c.fetch(`/api/certificates/${code}/${file}`);
      const unknown = await other.c.fetch(`/api/certificates/${randomCode()}/${file}`);
      expect(foreign.status).toBe(404);
      expect(unknown.status).toBe(404);
      expect(await foreign.text()).toBe(await unknown.text());
      const signedOut = app.client();
      const anon = await signedOut.fetch(`/api/certificates/${code}/${file}`);
      expect(anon.status).toBe(401);
      expect(await anon.json()).toEqual({ error: "Please sign in to download your certificate." });
      const anonUnknown = await signedOut.fetch(`/api/certificates/${randomCode()}/${file}`);
      expect(anonUnknown.status).toBe(401);
      // Not a code at all: 404 without a query.
      expect((await holder.c.fetch(`/api/certificates/${encodeURIComponent("x' OR 1=1 --")}/${file}`)).status).toBe(404);
      // The holder's own download works, with the code in either case.
      expect((await holder.c.fetch(`/api/certificates/${code.toLowerCase()}/${file}`)).status).toBe(200);
    }
    // After signing out the cookie no longer works.
    await holder.c.trpc.auth.signOut.mutate();
    expect((await holder.c.fetch(`/api/certificates/${code}/credential.jwt`)).status).toBe(401);
  });

  it("the PDF is one page with the name, code, dates, scores and verification URL", async () => {
    const holder = await trainee("Jordan Lee");
    const { code } = await certificate(holder.id);
    const res = await holder.c.fetch(`/api/certificates/${code}/certificate.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="hirexp-certificate-${code}.pdf"`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getTitle()).toBe(`HireXp certificate ${code}`);
    const content = pdfStreams(bytes);
    for (const text of [code, "Jordan Lee", "20 November 2026", "19 November 2028", `${TEST_APP_URL}/verify/${code}`, "78.4 / 100", "Fluency", "Assessments – reading".replace("–", "\x96"), "81.3"]) {
      expect(content, text).toContain(`<${hex(text)}>`);
    }
    // The QR code drawn on the page reads back as the verification URL.
    expect(readQr(content)).toBe(`${TEST_APP_URL}/verify/${code}`);
  });

  it("reuses the key in DATA_DIR across restarts: a credential from the first start verifies after the second", async () => {
    const dir = tmpDir();
    const holder = await trainee();
    const { code, issuedAt } = await certificate(holder.id);
    try {
      const first = await startTestApp(t.db, { dataDir: dir });
      let jwt: string;
      let kid: string;
      try {
        const c = first.client();
        await c.signIn((await t.prisma.user.findUniqueOrThrow({ where: { id: holder.id }, select: { email: true } })).email, PASSWORD);
        jwt = await (await c.fetch(`/api/certificates/${code}/credential.jwt`)).text();
        kid = ((await (await fetch(`${first.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] }).keys[0]!.kid;
      } finally {
        await first.close();
      }
      const before = fs.readFileSync(path.join(dir, KEY_FILE_NAME), "utf8");
      const second = await startTestApp(t.db, { dataDir: dir });
      try {
        const jwks = (await (await fetch(`${second.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
        expect(jwks.keys.map((k) => k.kid)).toEqual([kid]);
        expect(fs.readFileSync(path.join(dir, KEY_FILE_NAME), "utf8")).toBe(before);
        const JWKS = createRemoteJWKSet(new URL(`${second.url}/.well-known/jwks.json`));
        await expect(jwtVerify(jwt, JWKS, { issuer: TEST_APP_URL, currentDate: new Date(issuedAt.getTime() + DAY) })).resolves.toBeTruthy();
      } finally {
        await second.close();
      }
      // A different DATA_DIR means a different key (so the reuse above is the file's doing).
      const elsewhere = tmpDir();
      const third = await startTestApp(t.db, { dataDir: elsewhere });
      try {
        const jwks = (await (await fetch(`${third.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
        expect(jwks.keys[0]!.kid).not.toBe(kid);
      } finally {
        await third.close();
        fs.rmSync(elsewhere, { recursive: true, force: true });
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("signs with CREDENTIAL_SIGNING_KEY when set (nothing written to DATA_DIR); production without it answers 503", async () => {
    const { privateKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
    const jwk = await exportJWK(privateKey);
    const dir = tmpDir();
    const holder = await trainee();
    const { code } = await certificate(holder.id);
    const email = (await t.prisma.user.findUniqueOrThrow({ where: { id: holder.id }, select: { email: true } })).email;
    try {
      const configured = await startTestApp(t.db, { dataDir: dir, credentialSigningKey: JSON.stringify(jwk) });
      try {
        const jwks = (await (await fetch(`${configured.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string; x: string }[] };
        expect(jwks.keys[0]!.x).toBe(jwk.x);
        expect(jwks.keys[0]!.kid).toBe(await calculateJwkThumbprint({ kty: "OKP", crv: "Ed25519", x: jwk.x! }));
        expect(fs.existsSync(path.join(dir, KEY_FILE_NAME))).toBe(false);
      } finally {
        await configured.close();
      }
      const prod = await startTestApp(t.db, { dataDir: dir, env: "production" });
      try {
        const res = await fetch(`${prod.url}/.well-known/jwks.json`);
        expect(res.status).toBe(503);
        expect(((await res.json()) as { error: string }).error).toMatch(/CREDENTIAL_SIGNING_KEY/);
        const c = prod.client();
        await c.signIn(email, PASSWORD);
        const cred = await c.fetch(`/api/certificates/${code}/credential.jwt`);
        expect(cred.status).toBe(503);
        expect(((await cred.json()) as { error: string }).error).toMatch(/CREDENTIAL_SIGNING_KEY/);
        expect((await c.fetch(`/api/certificates/${code}/certificate.pdf`)).status).toBe(200);
        expect(fs.existsSync(path.join(dir, KEY_FILE_NAME))).toBe(false);
      } finally {
        await prod.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a revoked certificate answers 410 for both downloads", async () => {
    const holder = await trainee();
    const { code } = await certificate(holder.id);
    expect((await holder.c.fetch(`/api/certificates/${code}/credential.jwt`)).status).toBe(200);
    await t.prisma.$executeRaw`UPDATE certificates SET revoked_at = now() WHERE certificate_code = ${code}`;
    for (const file of ["credential.jwt", "certificate.pdf"]) {
      const res = await holder.c.fetch(`/api/certificates/${code}/${file}`);
      expect(res.status).toBe(410);
      expect(((await res.json()) as { error: string }).error).toMatch(/revoked/);
    }
  });

  it("limits downloads per user: 30 a minute, then 429 with Retry-After", async () => {
    const holder = await trainee();
    const { code } = await certificate(holder.id);
    for (let i = 0; i < 30; i++) expect((await holder.c.fetch(`/api/certificates/${code}/credential.jwt`)).status).toBe(200);
    const res = await holder.c.fetch(`/api/certificates/${code}/credential.jwt`);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another trainee is not affected.
    const other = await trainee();
    const own = await certificate(other.id);
    expect((await other.c.fetch(`/api/certificates/${own.code}/credential.jwt`)).status).toBe(200);
  });
});

describe("certificate credential: config and skills", () => {
  it("CREDENTIAL_SIGNING_KEY must be a private Ed25519 JWK, else a clear startup error", async () => {
    const { privateKey, publicKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
    const priv = await exportJWK(privateKey);
    expect(loadConfig({ NODE_ENV: "test", CREDENTIAL_SIGNING_KEY: JSON.stringify(priv) }).credentialSigningKey).toBe(JSON.stringify(priv));
    expect(() => loadConfig({ NODE_ENV: "test", CREDENTIAL_SIGNING_KEY: "{not json" })).toThrow(/CREDENTIAL_SIGNING_KEY: not valid JSON/);
    expect(() => loadConfig({ NODE_ENV: "test", CREDENTIAL_SIGNING_KEY: JSON.stringify({ kty: "RSA", n: "x", e: "AQAB" }) })).toThrow(/not an Ed25519 key/);
    const pub = JSON.stringify(await exportJWK(publicKey));
    expect(() => loadConfig({ NODE_ENV: "test", CREDENTIAL_SIGNING_KEY: pub })).toThrow(/private \("d"\) part is missing/);
    const ec = await generateKeyPair("ES256", { extractable: true });
    const ecJwk = JSON.stringify(await exportJWK(ec.privateKey));
    expect(() => loadConfig({ NODE_ENV: "test", CREDENTIAL_SIGNING_KEY: ecJwk })).toThrow(/not an Ed25519 key/);
  });

  it("a key whose public part does not match its private part is refused at startup", async () => {
    const a = await exportJWK((await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true })).privateKey);
    const b = await exportJWK((await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true })).privateKey);
    const { loadIssuerKey } = await import("../../server/services/certificates/credential.ts");
    await expect(loadIssuerKey({ env: "test", dataDir: "/nonexistent", credentialSigningKey: JSON.stringify({ ...a, x: b.x }) })).rejects.toThrow(/does not match/);
  });

  it("prints a name the standard font cannot fully show without its accents, else with ?, and cuts what does not fit", async () => {
    const code = "HXP-TEST-UNIC-ODE1";
    const bytes = await renderCertificatePdf({ code, holderName: "Zoë Nguyễn Ω", issuedAt: new Date(Date.UTC(2026, 0, 5)), validUntil: null, skills: { ["a".repeat(200)]: 50 }, overallScore: 70, verificationUrl: `${TEST_APP_URL}/verify/${code}` });
    const content = pdfStreams(bytes);
    expect(content).toContain(`<${hex("Zo\xeb Nguyen ?")}>`);
    expect(content).toContain(`<${hex("No expiry")}>`);
    expect(content).toMatch(new RegExp(`<41(?:61)+${hex("...")}>`));
    expect((await PDFDocument.load(bytes)).getPageCount()).toBe(1);
  });

  it("reads the scores of any skills layout", () => {
    expect(scoreEntries({ fluency: 80, assessments: { grammar: 90 } })).toEqual([
      { key: "fluency", label: "Fluency", score: 80 },
      { key: "assessments.grammar", label: "Assessments – grammar", score: 90 },
    ]);
    expect(scoreEntries([{ name: "listeningSkill", score: 66 }, { skill: "x", note: "no score" }, "text"])).toEqual([{ key: "listeningSkill", label: "Listening skill", score: 66 }]);
    expect(scoreEntries({ skills: { clarity: 70 }, averageScore: Number.NaN })).toEqual([{ key: "skills.clarity", label: "Clarity", score: 70 }]);
    expect(scoreEntries(null)).toEqual([]);
  });
});
