// GET /api/admin/audit.csv?action=&actorId=&targetId=&ip=&from=&to= — the filtered audit
// log as CSV, streamed in keyset batches. Same access rule as admin.audit.list.
import { Readable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { ACCESS, isAllowed } from "../../shared/access.ts";
import { AdminAuditListInput } from "../../shared/schemas/admin.ts";
import { sessionCookieName, validateSessionToken } from "../auth/session.ts";
import type { Config } from "../config.ts";
import type { PrismaClient } from "../db/generated/client.ts";
import { audit } from "../services/audit.ts";
import { auditCsv } from "../services/admin/audit-log.ts";

export function registerAdminExport(app: FastifyInstance, deps: { db: PrismaClient; config: Config }) {
  app.get("/api/admin/audit.csv", async (req, reply) => {
    const token = req.cookies[sessionCookieName(deps.config.secureCookies)];
    const auth = token ? await validateSessionToken(deps.db, token) : null;
    if (!auth) return reply.code(401).send({ error: "Please sign in." });
    const caller = auth.user.status === "ACTIVE" && auth.user.emailVerified ? { role: auth.user.role, adminLevel: auth.user.adminLevel } : null;
    if (!isAllowed(ACCESS["admin.audit.list"], caller)) return reply.code(403).send({ error: "Your account does not have access to this." });
    const parsed = AdminAuditListInput.safeParse(Object.fromEntries(Object.entries(req.query as Record<string, string>).filter(([, v]) => v !== "")));
    if (!parsed.success) return reply.code(400).send({ error: parsed.error.issues[0]?.message ?? "Bad filter" });
    const { limit: _l, cursor: _c, ...filter } = parsed.data;
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
    return reply.send(Readable.from(auditCsv(deps.db, filter)));
  });
}
