// buildApp(deps) → a Fastify instance: security headers, cookies, tRPC at /api/trpc,
// health checks, and the built SPA with an index.html fallback. Used by main.ts and tests.
//
// Static files: vite writes brotli and gzip siblings of every text file (vite.config.ts) and
// they are sent to clients that accept them. Hashed files under /assets are cached for a year
// (immutable); everything else, index.html and the SPA fallback included, is `no-cache`
// (revalidated with its ETag, so a new release is picked up at once). Source maps are never
// served in production. Every /api answer is `no-store`.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Fastify, { type FastifyReply, type FastifyRequest } from "fastify";
import fastifyCookie from "@fastify/cookie";
import helmet from "helmet";
import fastifyStatic from "@fastify/static";
import { registerTrpc } from "./trpc/fastify-handler.ts";
import type { Config } from "./config.ts";
import { createSpaHtml } from "./spa-html.ts";
import { documentVariesByRoleHint, ROLE_HINT_COOKIE } from "../shared/prerender.ts";
import { runAsOneRequest, type Database } from "./db/client.ts";
import { sessionCookieName, validateSessionToken } from "./auth/session.ts";
import { appRouter, type AppRouter } from "./routers/app.ts";
import { registerOAuthRoutes } from "./routes/oauth.ts";
import { registerAdminExport } from "./routes/admin-export.ts";
import { registerPracticeTranscribe } from "./routes/practice-transcribe.ts";
import { registerCertificateRoutes } from "./routes/certificates.ts";
import { registerCallRecording } from "./routes/call-recording.ts";
import { registerImageRoutes, registerUploadBodyLimit } from "./routes/images.ts";
import type { Context } from "./trpc/context.ts";
import { authenticateApiKey } from "./services/api-keys/keys.ts";
import { registerApiV1 } from "./routes/api-v1.ts";
import { bindDataContext, pathForUrl, runWithDataContext } from "./db/context.ts";
import { PROJECT_ROOT } from "./project-root.ts";
import { toTrpcError } from "./trpc/errors.ts";
import { databaseUnavailable } from "./db/unavailable.ts";
import { registerDrain } from "./drain.ts";

export const CLIENT_DIST = path.join(PROJECT_ROOT, "dist/client");

export type AppDeps = {
  config: Config;
  db: Database;
  /** Called after a request queued mail, to wake the mail worker. */
  onMailQueued?: () => void;
  /** Serve the built SPA from this folder (default dist/client, when it exists). */
  clientDir?: string | null;
  /** Where the request log goes (default stdout); tests read it. */
  logStream?: { write(line: string): void };
};

/** Query parameters that carry mailed tokens (token) or OAuth secrets (code, state). */
const SECRET_QUERY_PARAMS = new Set(["token", "code", "state"]);

/**
 * `url` with the values of token, code and state query parameters replaced by [REDACTED],
 * for the request log (/reset-password?token=…, OAuth callbacks). Everything else is kept as sent.
 */
export function redactUrl(url: string): string {
  const q = url.indexOf("?");
  if (q === -1) return url;
  const hash = url.indexOf("#", q);
  const end = hash === -1 ? url.length : hash;
  const query = url
    .slice(q + 1, end)
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      const rawKey = eq === -1 ? pair : pair.slice(0, eq);
      let key = rawKey;
      try {
        key = decodeURIComponent(rawKey.replace(/\+/g, " "));
      } catch {
        // a malformed escape: compare it as sent
      }
      return SECRET_QUERY_PARAMS.has(key.trim().toLowerCase()) ? `${rawKey}=[REDACTED]` : pair;
    })
    .join("&");
  return url.slice(0, q + 1) + query + url.slice(end);
}

/** Cache-Control of a static file: hashed names under assets/ never change; the rest is revalidated. */
function staticCacheControl(root: string, file: string): string {
  const rel = path.relative(root, file).split(path.sep);
  return rel.length > 1 && rel[0] === "assets" ? "public, max-age=31536000, immutable" : "no-cache";
}

/**
 * Procedure names the HTTP interface promises but tRPC cannot register: it reserves `apply`
 * (and `call`) as router keys, so `jobs.apply` is registered as `jobs.applyTo` and this
 * alias keeps `/api/trpc/jobs.apply` (alone or in a batch) working.
 */
const PROCEDURE_ALIASES: Record<string, string> = { "jobs.apply": "jobs.applyTo" };

export function rewriteProcedureAliases(url: string): string {
  if (!url.startsWith("/api/trpc/")) return url;
  const q = url.indexOf("?");
  const pathPart = q === -1 ? url.slice(10) : url.slice(10, q);
  const names = pathPart.split(",");
  if (!names.some((n) => n in PROCEDURE_ALIASES)) return url;
  return `/api/trpc/${names.map((n) => PROCEDURE_ALIASES[n] ?? n).join(",")}${q === -1 ? "" : url.slice(q)}`;
}

export async function buildApp(deps: AppDeps) {
  const { config, db } = deps;
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: { paths: ["req.headers.cookie", "req.headers.authorization", 'res.headers["set-cookie"]'], remove: true },
      // Fastify's own request serializer, with mailed tokens and OAuth codes cut from the URL.
      serializers: {
        req: (req: FastifyRequest) => ({
          method: req.method,
          url: redactUrl(req.url),
          host: req.host,
          remoteAddress: req.ip,
          remotePort: req.socket?.remotePort,
        }),
      },
      ...(deps.logStream ? { stream: deps.logStream } : {}),
    },
    // Fastify accepts a hop count too; its types only list string | boolean | string[].
    trustProxy: config.trustProxy as string | boolean | string[],
    genReqId: () => crypto.randomUUID(),
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: 5000 },
    rewriteUrl: (req) => rewriteProcedureAliases(req.url ?? "/"),
    // Stopping (server/drain.ts): connections idle at close() are closed at once; a request that
    // still arrives on an open connection is answered (with `Connection: close`), not refused
    // with a 503 — it reached us, so it counts as accepted.
    forceCloseConnections: "idle",
    return503OnClosing: false,
  });

  // An unexpected error is logged with the request id and answered with a generic message:
  // Fastify's default answer carries the error's message, which can name files and queries.
  app.setErrorHandler((error: { statusCode?: number; message: string }, req, reply) => {
    // The database is down, restarting or has no free connection: a clear 503, not a 500.
    const unavailable = databaseUnavailable(error);
    if (unavailable) {
      req.log.warn({ err: error }, `database: ${unavailable.appCode}`);
      return reply
        .code(503)
        .header("retry-after", String(unavailable.retryAfterSeconds))
        .send({ error: unavailable.message, appCode: unavailable.appCode, requestId: String(req.id) });
    }
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status < 500) return reply.code(status).send({ error: error.message });
    req.log.error({ err: error }, "unhandled error");
    return reply.code(500).send({ error: "Something went wrong on our side. Please try again later.", requestId: String(req.id) });
  });

  // SIGTERM: answers carry `Connection: close` while draining, accepted requests are tracked
  // (server/drain.ts; main.ts calls drainOf(app).drain()).
  registerDrain(app, redactUrl);

  // API answers are per caller (and often per session): no cache may keep them.
  app.addHook("onRequest", (req, reply, done) => {
    if (/^\/api(?:[/?]|$)/.test(req.url)) reply.header("cache-control", "no-store");
    done();
  });

  // Every request's database work runs in a data context (server/db/context.ts): a path by URL,
  // no user until a session is validated (which adopts its user); tRPC procedures then run in
  // their own path (trpc/init.ts). Set in the last hook before the handler, after the body
  // was read (stream events do not carry the context).
  // The request's waits for pooled connections add up against DATABASE_POOL_TIMEOUT_MS
  // (server/db/client.ts runAsOneRequest).
  app.addHook("preHandler", (req, _reply, done) => {
    runAsOneRequest(() => runWithDataContext({ userId: null, path: pathForUrl(req.url) }, done));
  });

  // Image uploads reach tRPC as multipart bodies that Fastify does not limit: bound them first.
  registerUploadBodyLimit(app);

  await app.register(fastifyCookie);
  // Security headers on every answer: helmet's middleware, built once here. (@fastify/helmet
  // built it again from these options on every request — parsing the CSP each time — in two
  // hooks, one of them async; nothing here uses its per-reply decorators.)
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Mantine sets style attributes at run time; no inline scripts are allowed.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "https:"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", "data:"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        ...(config.secureCookies ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // Token pages (/verify-email, /reset-password) must never leak their URL.
    referrerPolicy: { policy: "no-referrer" },
    hsts: config.secureCookies ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  });
  app.addHook("onRequest", (req, reply, done) => securityHeaders(req.raw, reply.raw, (err) => done(err as Error | undefined)));

  const cookieName = sessionCookieName(config.secureCookies);

  /**
   * The context of a request: an API key caller when it sends `Authorization: Bearer hxp_…`
   * (cookies are then ignored), else the session of its cookie, if any.
   */
  async function contextFor(req: FastifyRequest, res: FastifyReply): Promise<Context> {
    const authorization = req.headers.authorization;
    const bearer = typeof authorization === "string" ? /^Bearer\s+(hxp_\S*)\s*$/i.exec(authorization)?.[1] : undefined;
    let auth: Awaited<ReturnType<typeof validateSessionToken>> = null;
    let apiKey: Context["apiKey"] = null;
    let keyUser: Context["user"] = null;
    const token = bearer === undefined ? req.cookies[cookieName] : undefined;
    try {
      if (bearer !== undefined) {
        const found = await authenticateApiKey(db.prisma, bearer);
        apiKey = found?.apiKey ?? "refused";
        keyUser = found?.user ?? null;
      } else {
        auth = token ? await validateSessionToken(db.prisma, token, db.preparedQuery) : null;
      }
    } catch (e) {
      // The session (or key) check is the first query of a signed-in request: a database that
      // cannot answer is a 503 here too (tRPC keeps a TRPCError's code from createContext).
      const unavailable = databaseUnavailable(e);
      if (!unavailable) throw e;
      req.log.warn({ err: e }, `database: ${unavailable.appCode}`);
      res.header("retry-after", String(unavailable.retryAfterSeconds));
      throw toTrpcError(unavailable);
    }
    if (bearer === undefined) {
      if (auth?.session.fresh) {
        res.setCookie(cookieName, token!, { httpOnly: true, sameSite: "lax", secure: config.secureCookies, path: "/", expires: auth.session.expires });
      }
    }
    const ua = req.headers["user-agent"];
    return {
      db: db.prisma,
      prepared: db.preparedQuery,
      config,
      log: req.log,
      requestId: String(req.id),
      meta: { ipAddress: req.ip ?? null, userAgent: typeof ua === "string" ? ua : null },
      socketAddress: req.socket.remoteAddress,
      origin: typeof req.headers.origin === "string" ? req.headers.origin : undefined,
      cookies: {
        get: (name) => req.cookies[name],
        set: (name, value, options) => void res.setCookie(name, value, options),
        clear: (name, options) => void res.clearCookie(name, options),
      },
      setHeader: (name, value) => void res.header(name, value),
      session: auth?.session ?? null,
      user: auth?.user ?? keyUser,
      apiKey,
      mailQueued: () => deps.onMailQueued?.(),
      afterResponse: (task) => {
        const bound = bindDataContext(task);
        res.raw.once("close", () => setImmediate(bound));
      },
    };
  }

  await registerTrpc(app, { prefix: "/api/trpc", router: appRouter, createContext: contextFor, maxBatchSize: 50 });

  await registerOAuthRoutes(app, { config, db: db.prisma, onMailQueued: deps.onMailQueued });
  registerAdminExport(app, { db: db.prisma, config });
  await registerPracticeTranscribe(app, { db: db.prisma, config });
  await registerCertificateRoutes(app, { config, db: db.prisma });
  await registerCallRecording(app, { db: db.prisma, config });
  registerImageRoutes(app, { config });
  await registerApiV1(app, { contextFor });

  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/readyz", async (req, reply) => {
    try {
      await db.prisma.$queryRaw`SELECT 1`;
      return { status: "ready", database: db.kind };
    } catch (e) {
      const unavailable = databaseUnavailable(e);
      req.log.warn({ err: e }, "readiness check failed");
      return reply
        .code(503)
        .header("retry-after", String(unavailable?.retryAfterSeconds ?? 5))
        .send({ status: "unavailable", database: db.kind, appCode: unavailable?.appCode ?? "DATABASE_UNAVAILABLE", error: unavailable?.message ?? "The database did not answer." });
    }
  });

  const clientDir = deps.clientDir === undefined ? CLIENT_DIST : deps.clientDir;
  const hasClient = clientDir !== null && fs.existsSync(path.join(clientDir, "index.html"));
  if (hasClient) {
    const root = clientDir!;
    const production = config.env === "production";
    // wildcard: files are looked up per request, so a rebuilt client needs no restart;
    // a missing file falls through to the not-found handler below.
    await app.register(fastifyStatic, {
      root,
      wildcard: true,
      index: false,
      preCompressed: true,
      dotfiles: "ignore",
      cacheControl: false,
      setHeaders: (reply, file) => void reply.header("cache-control", staticCacheControl(root, file)),
      // A directory (/, /assets/) is a page path, not a listing: on to the SPA fallback.
      // Source maps show the original source; production keeps them private.
      allowedPath: (pathName) => !pathName.endsWith("/") && !(production && pathName.endsWith(".map")),
    });
  }
  // index.html per page, with the hints that start auth.me and the route's chunks early (spa-html.ts).
  const spaPage = hasClient ? createSpaHtml(clientDir!) : null;
  app.setNotFoundHandler((req, reply) => {
    const [pathname = "", search = ""] = req.url.split(/\?(.*)/s);
    const isApi = /^\/api(?:\/|$)/.test(pathname);
    // Any GET of a path without a file extension is a client route (/, /sign-in, /admin/users …).
    const isPage = (req.method === "GET" || req.method === "HEAD") && !isApi && !path.extname(pathname);
    if (isPage && hasClient) {
      // A signed-in page's document is its role's frame, by the role hint cookie: a public choice
      // among public documents, never trusted for access (shared/prerender.ts, decision 027).
      const page = spaPage!(pathname, search, req.cookies[ROLE_HINT_COOKIE]);
      if (!page) return reply.sendFile("index.html");
      // As @fastify/static sends files: revalidated (no-cache) by ETag, precompressed.
      const vary = documentVariesByRoleHint(pathname, search) ? "accept-encoding, cookie" : "accept-encoding";
      reply.header("cache-control", "no-cache").header("vary", vary).header("etag", page.etag).type("text/html; charset=utf-8");
      const ifNoneMatch = req.headers["if-none-match"];
      if (typeof ifNoneMatch === "string" && ifNoneMatch.split(/\s*,\s*/).some((t) => t === page.etag || t === `W/${page.etag}`)) return reply.code(304).send();
      const accepts = String(req.headers["accept-encoding"] ?? "");
      if (/\bbr\b/.test(accepts)) return reply.header("content-encoding", "br").send(page.br);
      if (/\bgzip\b/.test(accepts)) return reply.header("content-encoding", "gzip").send(page.gzip);
      return reply.send(page.html);
    }
    return reply.code(404).send({ error: "Not found" });
  });

  return app;
}
