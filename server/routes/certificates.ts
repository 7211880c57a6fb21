// Plain HTTP routes of certificates (issue 10), beside tRPC because they answer files:
//   GET /.well-known/jwks.json                     the issuer's public key(s), public, cacheable
//   GET /api/certificates/:code/credential.jwt     the holder's signed Open Badges 3.0 credential
//   GET /api/certificates/:code/certificate.pdf    the holder's printable certificate
//
// The downloads are for the holder only, signed in with the app's session cookie (the same
// check as tRPC's context and authedProcedure). Signed out: 401. Another holder's code and an
// unknown code give the same 404, so a code's existence is not revealed here (the public
// certificates.verify procedure is the place for that). A revoked certificate: 410. They are
// rate-limited per client network and per user (database-backed limits, as tRPC's).
//
// No key in production (CREDENTIAL_SIGNING_KEY unset): the JWKS and credential.jwt answer 503
// with a message naming the setting, and startup logs a warning; the PDF still works.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hit, type RateRule } from "../auth/rate-limit.ts";
import { sessionCookieName, validateSessionToken } from "../auth/session.ts";
import type { Config } from "../config.ts";
import type { PrismaClient } from "../db/generated/client.ts";
import { CREDENTIAL_CONTENT_TYPE, findHolderCertificate, loadIssuerKey, signCredential, type HolderCertificate } from "../services/certificates/credential.ts";
import { renderCertificatePdf } from "../services/certificates/pdf.ts";

export const CERTIFICATE_RATE_RULES = {
  /** Every download request, signed in or not, per client network. */
  downloadIp: { name: "certificateDownload:ip", limit: 60, windowMs: 60_000 },
  /** Downloads per signed-in user (a PDF costs some CPU). */
  downloadUser: { name: "certificateDownload:user", limit: 30, windowMs: 60_000 },
} as const satisfies Record<string, RateRule>;

/** Certificate codes are letters, digits and dashes (HXP-7K3M-9QX2-RT4D); anything else is not one. */
const CODE = /^[A-Za-z0-9-]{4,64}$/;
const NOT_FOUND = { error: "Certificate not found." };

export async function registerCertificateRoutes(app: FastifyInstance, deps: { config: Config; db: PrismaClient }) {
  const { config, db } = deps;
  // Read (or generate) the key now: a broken key is a startup error, not a failing download.
  const keyState = await loadIssuerKey(config);
  if (!keyState.ok) {
    app.log.warn({ credentialSigningKey: null }, keyState.reason);
    if (config.env === "production") console.error(`\nWARNING: ${keyState.reason}\n`);
  } else if (keyState.key.source === "generated") {
    app.log.info({ kid: keyState.key.kid }, "credential signing key generated into DATA_DIR (set CREDENTIAL_SIGNING_KEY in production)");
  }
  const jwks = keyState.ok ? JSON.stringify({ keys: [keyState.key.publicJwk] }) : null;
  const unavailable = keyState.ok ? "" : keyState.reason;

  app.get("/.well-known/jwks.json", async (_req, reply) => {
    reply.header("access-control-allow-origin", "*").header("cross-origin-resource-policy", "cross-origin");
    if (!jwks) return reply.code(503).header("cache-control", "no-store").send({ error: unavailable });
    // A verifier may cache it for an hour; a key rotation is picked up within that.
    return reply.header("cache-control", "public, max-age=3600").type("application/jwk-set+json").send(jwks);
  });

  /** The signed-in holder's certificate, or null after answering 401/403/404/410/429. */
  async function holderCertificate(req: FastifyRequest<{ Params: { code: string } }>, reply: FastifyReply): Promise<HolderCertificate | null> {
    const limited = async (rule: RateRule, subject: string) => {
      const r = await hit(db, rule, subject);
      if (r.ok) return false;
      const minutes = Math.ceil(r.retryAfterSeconds / 60);
      await reply
        .code(429)
        .header("retry-after", String(r.retryAfterSeconds))
        .send({ error: `Too many downloads. Try again in ${r.retryAfterSeconds < 60 ? `${r.retryAfterSeconds} seconds` : `${minutes} minute${minutes === 1 ? "" : "s"}`}.` });
      return true;
    };
    if (await limited(CERTIFICATE_RATE_RULES.downloadIp, req.ip ?? "unknown")) return null;
    const token = req.cookies[sessionCookieName(config.secureCookies)];
    const auth = token ? await validateSessionToken(db, token) : null;
    if (!auth || auth.user.status === "SUSPENDED" || auth.user.status === "DEACTIVATED") {
      await reply.code(401).send({ error: "Please sign in to download your certificate." });
      return null;
    }
    if (!auth.user.emailVerified || auth.user.status !== "ACTIVE") {
      await reply.code(403).send({ error: "Verify your email address first: open the link we sent you." });
      return null;
    }
    if (await limited(CERTIFICATE_RATE_RULES.downloadUser, auth.user.id)) return null;
    const code = req.params.code;
    const cert = CODE.test(code) ? await findHolderCertificate(db, auth.user.id, code.toUpperCase()) : null;
    if (!cert) {
      await reply.code(404).send(NOT_FOUND);
      return null;
    }
    if (cert.revokedAt) {
      await reply.code(410).send({ error: "This certificate has been revoked and can no longer be downloaded." });
      return null;
    }
    return cert;
  }

  app.get<{ Params: { code: string } }>("/api/certificates/:code/credential.jwt", async (req, reply) => {
    const cert = await holderCertificate(req, reply);
    if (!cert) return reply;
    if (!keyState.ok) return reply.code(503).send({ error: unavailable });
    const jwt = await signCredential(cert, config.appUrl, keyState.key);
    return reply
      .type(CREDENTIAL_CONTENT_TYPE)
      .header("content-disposition", `attachment; filename="hirexp-certificate-${cert.code}.jwt"`)
      .send(jwt);
  });

  app.get<{ Params: { code: string } }>("/api/certificates/:code/certificate.pdf", async (req, reply) => {
    const cert = await holderCertificate(req, reply);
    if (!cert) return reply;
    const pdf = await renderCertificatePdf(cert);
    return reply
      .type("application/pdf")
      .header("content-disposition", `attachment; filename="hirexp-certificate-${cert.code}.pdf"`)
      .send(Buffer.from(pdf));
  });
}

