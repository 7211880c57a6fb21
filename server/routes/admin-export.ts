// GET /api/admin/audit.csv?action=&actorId=&targetId=&ip=&from=&to= — the filtered audit
// log as CSV, streamed in keyset batches. Same access rule as admin.audit.list.
//
// It is a GET with a side effect (the export is audited) that a link can trigger, so it only
// answers requests that come from our own pages (see fromOurOrigin), and it checks the
// filters and runs the first batch before it answers: a bad filter is a 400 naming the field,
// never a 200 whose CSV breaks off.
import { Readable } from "node:stream";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { ACCESS, isAllowed } from "../../shared/access.ts";
import { AdminAuditListInput } from "../../shared/schemas/admin.ts";
import { sessionCookieName, validateSessionToken } from "../auth/session.ts";
import type { Config } from "../config.ts";
import type { PrismaClient } from "../db/generated/client.ts";
import { audit } from "../services/audit.ts";
import { AppError, httpStatusOf } from "../services/errors.ts";
import { auditCsv } from "../services/admin/audit-log.ts";

/**
 * Whether the request was made by one of our own pages (CSRF for a GET with a side effect).
 *
 * What browsers send: the export button's download is a same-origin navigation
 * (Sec-Fetch-Site: same-origin). A link or form on another site gives cross-site (or
 * same-site, from a sibling subdomain, which we do not trust either). A typed URL, a bookmark
 * or a link opened from a mail client gives `none`. On GET navigations browsers send no
 * Origin header at all, and where they send one it names the page that made the request, so
 * a page elsewhere cannot claim ours.
 *
 * The rule: Sec-Fetch-Site: same-origin passes; cross-site and same-site are refused; `none`,
 * and a request without Fetch Metadata (an older browser, or a non-browser client such as
 * curl or a script), pass only with an Origin header equal to APP_URL's origin. So a direct
 * navigation is refused in practice (the admin uses the Export button), and a cross-site
 * navigation in a browser too old to send Fetch Metadata is refused because it carries no
 * Origin. Non-browser clients hold their own cookies; they only need to send the Origin.
 */
function fromOurOrigin(req: FastifyRequest, appOrigin: string): boolean {
  const site = req.headers["sec-fetch-site"];
  if (site === "same-origin") return true;
  if (site !== undefined && site !== "none") return false;
  return req.headers.origin === appOrigin;
}

/** The first invalid field of a failed parse, as the plain routes answer it. */
function fieldError(issues: { path: PropertyKey[]; message: string }[]) {
  const issue = issues[0];
  const field = issue?.path[0];
  return { error: issue?.message ?? "Bad filter", ...(typeof field === "string" ? { field } : {}) };
}

export function registerAdminExport(app: FastifyInstance, deps: { db: PrismaClient; config: Config }) {
  app.get("/api/admin/audit.csv", async (req, reply) => {
    if (!fromOurOrigin(req, deps.config.appOrigin)) {
      return reply.code(403).send({ error: "Export the audit log from its page in HireXp (the Export button)." });
    }
    const token = req.cookies[sessionCookieName(deps.config.secureCookies)];
    const auth = token ? await validateSessionToken(deps.db, token) : null;
    if (!auth) return reply.code(401).send({ error: "Please sign in." });
    const caller = auth.user.status === "ACTIVE" && auth.user.emailVerified ? { role: auth.user.role, adminLevel: auth.user.adminLevel } : null;
    if (!isAllowed(ACCESS["admin.audit.list"], caller)) return reply.code(403).send({ error: "Your account does not have access to this." });
    const parsed = AdminAuditListInput.safeParse(Object.fromEntries(Object.entries(req.query as Record<string, string>).filter(([, v]) => v !== "")));
    if (!parsed.success) return reply.code(400).send(fieldError(parsed.error.issues));
    const { limit: _l, cursor: _c, ...filter } = parsed.data;
    // The filter is checked by the first query: run it (header and first batch) before answering.
    const rows = auditCsv(deps.db, filter);
    const head: string[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        const next = await rows.next();
        if (next.done) break;
        head.push(next.value);
      }
    } catch (e) {
      if (e instanceof AppError) return reply.code(httpStatusOf(e)).send({ error: e.message, ...(e.field ? { field: e.field } : {}) });
      throw e;
    }
    await audit(deps.db, {
      action: "AUDIT_EXPORTED",
      userId: auth.user.id,
      targetUserId: null,
      details: { operation: "audit.export", filter: JSON.parse(JSON.stringify(filter)) },
      meta: { ipAddress: req.ip, userAgent: req.headers["user-agent"] ?? null },
    });
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
    reply
      .header("content-type", "text/csv; charset=utf-8")
      .header("content-disposition", `attachment; filename="hirexp-audit-${stamp}.csv"`)
      .header("cache-control", "no-store");
    return reply.send(Readable.from(primed(head, rows)));
  });
}

/** The lines already read, then the rest of the generator. */
async function* primed(head: string[], rest: AsyncGenerator<string>): AsyncGenerator<string> {
  yield* head;
  yield* rest;
}
