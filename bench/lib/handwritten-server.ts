// The baseline for bench/signed-in-request.ts: what a hand-written route doing the same
// session check costs — plain Fastify (no logger, no plugins), the cookie cut out of the
// header by hand, the same SESSION_LOOKUP_SQL as a named prepared statement on a pg pool, and
// the user as JSON. No tRPC, no Prisma, no security headers. Env: DATABASE_URL, PORT.
import Fastify from "fastify";
import pg from "pg";
import { SESSION_LOOKUP_SQL } from "../../server/auth/session.ts";
import { hashToken } from "../../server/auth/tokens.ts";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
const app = Fastify();
const COOKIE = "hirexp_session=";

app.get("/healthz", async () => ({ ok: true }));
app.get("/api/trpc/auth.me", async (req, reply) => {
  const header = req.headers.cookie ?? "";
  const at = header.indexOf(COOKIE);
  const token = at === -1 ? "" : header.slice(at + COOKIE.length, at + COOKIE.length + 32);
  if (!/^[a-z2-7]{32}$/.test(token)) return reply.code(401).send({ error: "signed out" });
  const { rows } = await pool.query({ name: "session_lookup", text: SESSION_LOOKUP_SQL, values: [hashToken(token)] });
  const r = rows[0];
  if (!r || r.expires.getTime() <= Date.now() || r.status !== "ACTIVE") return reply.code(401).send({ error: "signed out" });
  return { result: { data: { json: { id: r.user_id, email: r.email, role: r.role, status: r.status, emailVerified: r.email_verified, name: r.name, hasPassword: r.has_password, adminLevel: r.admin_level } } } };
});

await app.listen({ port: Number(process.env.PORT), host: "127.0.0.1" });
process.on("SIGTERM", () => void app.close().then(() => pool.end()).then(() => process.exit(0)));
