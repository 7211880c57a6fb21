import { createHash } from "node:crypto";
import superjson from "superjson";
import { hashToken, generateToken } from "../server/auth/tokens.ts";
const t = generateToken();
function time(label: string, fn: () => unknown, n = 50000) {
  for (let i = 0; i < 5000; i++) fn();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) fn();
  console.log(label, ((performance.now() - t0) * 1000 / n).toFixed(2), "µs");
}
time("oslo sha256", () => hashToken(t));
time("node sha256", () => createHash("sha256").update(t).digest("hex"));
const me = { id: "clxyz", email: "a@b.c", role: "TRAINEE", status: "ACTIVE", emailVerified: new Date(), name: "Ada", hasPassword: true, adminLevel: null };
time("superjson me", () => JSON.stringify(superjson.serialize(me)));
time("JSON me", () => JSON.stringify(me));
time("superjson null", () => JSON.stringify(superjson.serialize(null)));
time("regex", () => /^[a-z2-7]{32}$/.test(t));
