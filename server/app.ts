// buildApp(deps) → a Fastify instance: security headers, cookies, tRPC at /api/trpc,
// health checks, and the built SPA with an index.html fallback. Used by main.ts and tests.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Fastify from "fastify";
import fastifyCookie from "@fastify/cookie";
import fastifyHelmet from "@fastify/helmet";
import fastifyStatic from "@fastify/static";
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions, type CreateFastifyContextOptions } from "@trpc/server/adapters/fastify";
import type { Config } from "./config.ts";
import type { Database } from "./db/client.ts";
import { sessionCookieName, validateSessionToken } from "./auth/session.ts";
import { appRouter, type AppRouter } from "./routers/app.ts";
import { registerOAuthRoutes } from "./routes/oauth.ts";
import { registerAdminExport } from "./routes/admin-export.ts";
import type { Context } from "./trpc/context.ts";

export const CLIENT_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../dist/client");

export type AppDeps = {
  config: Config;
  db: Database;
  /** Called after a request queued mail, to wake the mail worker. */
  onMailQueued?: () => void;
  /** Serve the built SPA from this folder (default dist/client, when it exists). */
  clientDir?: string | null;
};

export async function buildApp(deps: AppDeps) {
  const { config, db } = deps;
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: { paths: ["req.headers.cookie", "req.headers.authorization", 'res.headers["set-cookie"]'], remove: true },
    },
    // Fastify accepts a hop count too; its types only list string | boolean | string[].
    trustProxy: config.trustProxy as string | boolean | string[],
    genReqId: () => crypto.randomUUID(),
    bodyLimit: 1024 * 1024,
    routerOptions: { maxParamLength: 5000 },
  });

  await app.register(fastifyCookie);
  await app.register(fastifyHelmet, {
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

  const cookieName = sessionCookieName(config.secureCookies);

  async function createContext({ req, res }: CreateFastifyContextOptions): Promise<Context> {
    const token = req.cookies[cookieName];
    const auth = token ? await validateSessionToken(db.prisma, token) : null;
    if (auth?.session.fresh) {
      res.setCookie(cookieName, token!, { httpOnly: true, sameSite: "lax", secure: config.secureCookies, path: "/", expires: auth.session.expires });
    }
    const ua = req.headers["user-agent"];
    return {
      db: db.prisma,
      config,
      log: req.log,
      requestId: String(req.id),
      meta: { ipAddress: req.ip ?? null, userAgent: typeof ua === "string" ? ua : null },
      origin: typeof req.headers.origin === "string" ? req.headers.origin : undefined,
      cookies: {
        get: (name) => req.cookies[name],
        set: (name, value, options) => void res.setCookie(name, value, options),
        clear: (name, options) => void res.clearCookie(name, options),
      },
      setHeader: (name, value) => void res.header(name, value),
      session: auth?.session ?? null,
      user: auth?.user ?? null,
      mailQueued: () => deps.onMailQueued?.(),
      afterResponse: (task) => void res.raw.once("close", () => setImmediate(task)),
    };
  }

  await app.register(fastifyTRPCPlugin, {
    prefix: "/api/trpc",
    trpcOptions: {
      router: appRouter,
      createContext,
      maxBatchSize: 50,
    } satisfies FastifyTRPCPluginOptions<AppRouter>["trpcOptions"],
  });

  await registerOAuthRoutes(app, { config, db: db.prisma, onMailQueued: deps.onMailQueued });
  registerAdminExport(app, { db: db.prisma, config });

  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/readyz", async (_req, reply) => {
    try {
      await db.prisma.$queryRaw`SELECT 1`;
      return { status: "ready", database: db.kind };
    } catch {
      return reply.code(503).send({ status: "unavailable", database: db.kind });
    }
  });

  const clientDir = deps.clientDir === undefined ? CLIENT_DIST : deps.clientDir;
  const hasClient = clientDir !== null && fs.existsSync(path.join(clientDir, "index.html"));
  if (hasClient) {
    // wildcard: files are looked up per request, so a rebuilt client needs no restart;
    // a missing file falls through to the not-found handler below.
    await app.register(fastifyStatic, { root: clientDir, wildcard: true, index: false });
  }
  app.setNotFoundHandler((req, reply) => {
    const isPage = req.method === "GET" && !req.url.startsWith("/api/") && !path.extname(req.url.split("?")[0] ?? "");
    if (isPage && hasClient) return reply.type("text/html").sendFile("index.html");
    return reply.code(404).send({ error: "Not found" });
  });

  return app;
}
