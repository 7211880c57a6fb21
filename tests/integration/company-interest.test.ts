// Companies' interest in candidates (issue 11), on PGlite and a real PostgreSQL: the monthly
// quota holds under 20 concurrent marks (exactly hiringQuota succeed, the rest QUOTA_EXCEEDED
// with the reset date), the next month starts again (fixed clock), withdrawing gives nothing
// back and re-marking in the same month is not charged twice; the shortlist shows contact
// details only after the trainee accepts (raw HTTP body), and stops when they decline; another
// company sees none of it; unverified companies and non-discoverable trainees are refused;
// mails land in the outbox; a trainee answers only for their own interests; viewers.
import { afterAll, beforeAll, expect, it } from "vitest";
import { hashPassword } from "../../server/auth/password.ts";
import { monthStart, quotaResetsAt, setInterest } from "../../server/services/company/interest.ts";
import { createUser } from "../../server/services/users/create-user.ts";
import { describeEachDatabase } from "../helpers/db.ts";
import { startTestApp, trpcError, TEST_APP_URL, type TestApp, type TestClient } from "../helpers/app.ts";

const PASSWORD = "correct horse battery staple";
let seq = 0;
const uniq = () => `${++seq}-${Math.random().toString(36).slice(2, 7)}`;

describeEachDatabase("company interest", (t) => {
  let app: TestApp;
  let hash: string;
  beforeAll(async () => {
    app = await startTestApp(t.db);
    hash = await hashPassword(PASSWORD);
  });
  afterAll(() => app?.close());

  async function signedIn(email: string) {
    const c = app.client();
    await c.signIn(email, PASSWORD);
    return c;
  }

  async function company(opts: { verified?: boolean; quota?: number; signIn?: boolean } = {}) {
    const email = `company-${uniq()}@example.com`;
    const name = `Acme ${seq}`;
    const u = await createUser(t.prisma, { email, passwordHash: hash, role: "COMPANY", name: `Cathy ${seq}`, companyName: name });
    await t.prisma.companyProfile.update({
      where: { userId: u.id },
      data: { isVerified: opts.verified ?? true, verifiedAt: opts.verified === false ? null : new Date(), hiringQuota: opts.quota ?? 10, industry: "Software", website: "https://acme.example" },
    });
    const c = opts.signIn === false ? null : await signedIn(email);
    return { id: u.id, email, name, c: c as TestClient };
  }

  async function trainee(opts: { discoverable?: boolean; status?: "ACTIVE" | "SUSPENDED"; verified?: boolean; signIn?: boolean } = {}) {
    const email = `trainee-${uniq()}@example.com`;
    const phone = `+4470${String(seq).padStart(8, "0")}`;
    const u = await createUser(t.prisma, {
      email,
      passwordHash: hash,
      role: "TRAINEE",
      name: `Tara ${seq}`,
      ...(opts.status ? { status: opts.status } : {}),
      ...(opts.verified === false ? { verified: false } : {}),
      profile: { discoverable: opts.discoverable ?? true, phone, headline: "Support lead", skills: ["support"], location: "Leeds" },
    });
    const c = opts.signIn ? await signedIn(email) : null;
    return { id: u.id, email, phone, c: c as TestClient };
  }

  const usage = (companyUserId: string) => t.prisma.companyQuotaUsage.findMany({ where: { companyUserId }, orderBy: { month: "asc" }, select: { month: true, used: true } });
  const mailsTo = (to: string, kind: string) => t.prisma.mailOutbox.findMany({ where: { to, kind }, select: { subject: true, text: true } });

  it("lets exactly hiringQuota of 20 concurrent marks through; the rest get QUOTA_EXCEEDED with the reset date", async () => {
    const co = await company({ quota: 10 });
    const trainees = await Promise.all(Array.from({ length: 20 }, () => trainee()));
    const results = await Promise.allSettled(trainees.map((tr) => co.c.trpc.company.candidates.interest.mutate({ candidateId: tr.id, interested: true })));
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(ok).toHaveLength(10);
    expect(refused).toHaveLength(10);
    const resetsAt = quotaResetsAt(new Date());
    for (const r of refused) {
      const e = r.reason as Awaited<ReturnType<typeof trpcError>>;
      expect([e.data?.code, e.data?.appCode, e.data?.resetsAt]).toEqual(["FORBIDDEN", "QUOTA_EXCEEDED", resetsAt.toISOString()]);
      expect(e.message).toContain(resetsAt.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }));
    }
    expect(await usage(co.id)).toEqual([{ month: monthStart(new Date()), used: 10 }]);
    expect(await t.prisma.candidateView.count({ where: { companyUserId: co.id, isInterested: true, interestResponse: "PENDING" } })).toBe(10);
    expect(await co.c.trpc.company.quota.query()).toEqual({ used: 10, limit: 10, resetsAt });
    // The ten marked trainees each got one mail; the refused ones none.
    const marked = new Set((await t.prisma.candidateView.findMany({ where: { companyUserId: co.id, isInterested: true }, select: { candidateId: true } })).map((v) => v.candidateId));
    for (const tr of trainees) {
      const mails = await mailsTo(tr.email, "company-interest");
      expect([tr.id, mails.length]).toEqual([tr.id, marked.has(tr.id) ? 1 : 0]);
      if (marked.has(tr.id)) expect(mails[0]!.subject).toBe(`${co.name} is interested in you on HireXp`);
    }
  });

  it("marks a candidate once per month: marking again is a no-op, withdrawing refunds nothing, re-marking this month is free, next month starts again", async () => {
    const co = await company({ quota: 2, signIn: false });
    const [a, b, c] = [await trainee(), await trainee(), await trainee()];
    const now = new Date("2031-03-14T09:00:00Z");
    const ctx = { companyUserId: co.id, appUrl: TEST_APP_URL, now };
    const mark = (id: string, interested = true, at = ctx) => setInterest(t.prisma, at, { candidateId: id, interested });

    expect(await mark(a.id)).toMatchObject({ interested: true, charged: true, quota: { used: 1, limit: 2 } });
    expect(await mark(a.id)).toMatchObject({ interested: true, charged: false, quota: { used: 1 } });
    expect(await mark(a.id, false)).toMatchObject({ interested: false, charged: false, quota: { used: 1 } });
    expect(await mark(a.id)).toMatchObject({ interested: true, charged: false, quota: { used: 1 } });
    expect(await mailsTo(a.email, "company-interest")).toHaveLength(1);
    expect(await mark(b.id)).toMatchObject({ charged: true, quota: { used: 2 } });
    await mark(b.id, false);
    const refused = await mark(c.id).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toMatchObject({ appCode: "QUOTA_EXCEEDED", resetsAt: "2031-04-01T00:00:00.000Z", message: expect.stringContaining("1 April 2031") });
    expect(await usage(co.id)).toEqual([{ month: new Date("2031-03-01T00:00:00Z"), used: 2 }]);

    // The last millisecond of March is still March; April 1st 00:00 UTC is a new month.
    await expect(mark(c.id, true, { ...ctx, now: new Date("2031-03-31T23:59:59.999Z") })).rejects.toMatchObject({ appCode: "QUOTA_EXCEEDED" });
    const april = { ...ctx, now: new Date("2031-04-01T00:00:00Z") };
    expect(await mark(c.id, true, april)).toMatchObject({ charged: true, quota: { used: 1, limit: 2, resetsAt: new Date("2031-05-01T00:00:00Z") } });
    // b was marked (then withdrawn) in March: marking in April is charged again.
    expect(await mark(b.id, true, april)).toMatchObject({ charged: true, quota: { used: 2 } });
    await expect(mark(a.id, false, april)).resolves.toMatchObject({ interested: false });
    await expect(mark(a.id, true, april)).rejects.toMatchObject({ appCode: "QUOTA_EXCEEDED", resetsAt: "2031-05-01T00:00:00.000Z" });
    expect(await usage(co.id)).toEqual([
      { month: new Date("2031-03-01T00:00:00Z"), used: 2 },
      { month: new Date("2031-04-01T00:00:00Z"), used: 2 },
    ]);
  });

  it("refuses up front when the quota is 0", async () => {
    const co = await company({ quota: 0 });
    const tr = await trainee();
    const e = await trpcError(co.c.trpc.company.candidates.interest.mutate({ candidateId: tr.id, interested: true }));
    expect([e.data?.code, e.data?.appCode]).toEqual(["FORBIDDEN", "QUOTA_EXCEEDED"]);
    expect(await usage(co.id)).toEqual([]);
    expect(await t.prisma.candidateView.count({ where: { companyUserId: co.id } })).toBe(0);
  });

  it("shows contact details on the shortlist only after the trainee accepts, and stops when they decline; another company sees nothing", async () => {
    const co = await company();
    const other = await company();
    const tr = await trainee({ signIn: true });
    await co.c.trpc.company.candidates.interest.mutate({ candidateId: tr.id, interested: true });

    const before = co.c.bodies.length;
    const pending = await co.c.trpc.company.candidates.shortlist.query({});
    expect(pending.items).toEqual([
      expect.objectContaining({ candidateId: tr.id, name: expect.stringMatching(/^Tara /), headline: "Support lead", location: "Leeds", response: "pending", contact: null }),
    ]);
    const raw = co.c.bodies.slice(before).join("\n");
    expect(raw).toContain(tr.id);
    expect(raw).not.toContain(tr.email);
    expect(raw).not.toContain(tr.phone);

    // The trainee sees the company (public facts) and accepts.
    const interests = await tr.c.trpc.candidate.interests.list.query();
    expect(interests).toEqual([
      { companyUserId: co.id, name: co.name, logo: null, industry: "Software", website: "https://acme.example", interestedAt: expect.any(Date), response: "pending", respondedAt: null },
    ]);
    expect(await tr.c.trpc.candidate.interests.respond.mutate({ companyUserId: co.id, accept: true })).toMatchObject({ response: "accepted" });
    const accepted = await co.c.trpc.company.candidates.shortlist.query({});
    expect(accepted.items[0]).toMatchObject({ candidateId: tr.id, response: "accepted", contact: { email: tr.email, phone: tr.phone } });
    expect(co.c.bodies.at(-1)).toContain(tr.email);
    const mails = await mailsTo(co.email, "interest-accepted");
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain("/company/shortlist");
    expect(mails[0]!.text).not.toContain(tr.email);
    // Accepting again changes nothing and mails nothing.
    await tr.c.trpc.candidate.interests.respond.mutate({ companyUserId: co.id, accept: true });
    expect(await mailsTo(co.email, "interest-accepted")).toHaveLength(1);

    // The other company: an empty shortlist, and nothing of this trainee in any answer.
    const start = other.c.bodies.length;
    expect(await other.c.trpc.company.candidates.shortlist.query({})).toEqual({ items: [], nextCursor: null });
    expect(await other.c.trpc.company.quota.query()).toMatchObject({ used: 0, limit: 10 });
    expect(other.c.bodies.slice(start).join("\n")).not.toContain(tr.email);

    // Declining after accepting stops sharing; both answers are audited.
    await tr.c.trpc.candidate.interests.respond.mutate({ companyUserId: co.id, accept: false });
    const declined = await co.c.trpc.company.candidates.shortlist.query({});
    expect(declined.items[0]).toMatchObject({ response: "declined", contact: null });
    expect(co.c.bodies.at(-1)).not.toContain(tr.email);
    const audits = await t.prisma.auditLog.findMany({ where: { userId: tr.id, action: "SETTINGS_CHANGED" }, orderBy: { createdAt: "asc" }, select: { details: true } });
    expect(audits.map((a) => a.details)).toEqual([
      expect.objectContaining({ setting: "company-interest", companyUserId: co.id, response: "accepted", previous: "pending", contactShared: true }),
      expect.objectContaining({ setting: "company-interest", companyUserId: co.id, response: "declined", previous: "accepted", contactShared: false }),
    ]);

    // Accept again, then the company withdraws: the candidate leaves the shortlist, sharing ends.
    await tr.c.trpc.candidate.interests.respond.mutate({ companyUserId: co.id, accept: true });
    await co.c.trpc.company.candidates.interest.mutate({ candidateId: tr.id, interested: false });
    expect((await co.c.trpc.company.candidates.shortlist.query({})).items).toEqual([]);
    expect(await tr.c.trpc.candidate.interests.list.query()).toEqual([]);
    expect(await t.prisma.candidateView.findFirst({ where: { companyUserId: co.id, candidateId: tr.id }, select: { interestResponse: true } })).toEqual({ interestResponse: null });
  });

  it("pages the shortlist by keyset, newest mark first", async () => {
    const co = await company({ quota: 30, signIn: true });
    const trainees = [];
    for (let i = 0; i < 23; i++) {
      const tr = await trainee();
      trainees.push(tr);
      await setInterest(t.prisma, { companyUserId: co.id, appUrl: TEST_APP_URL, now: new Date(Date.now() - (30 - i) * 1000) }, { candidateId: tr.id, interested: true });
    }
    const first = await co.c.trpc.company.candidates.shortlist.query({});
    expect(first.items).toHaveLength(20);
    expect(first.nextCursor).not.toBeNull();
    const second = await co.c.trpc.company.candidates.shortlist.query({ cursor: first.nextCursor! });
    expect(second.nextCursor).toBeNull();
    expect([...first.items, ...second.items].map((i) => i.candidateId)).toEqual(trainees.map((tr) => tr.id).reverse());
    const bad = await trpcError(co.c.trpc.company.candidates.shortlist.query({ cursor: "nonsense" }));
    expect(bad.data?.code).toBe("BAD_REQUEST");
  });

  it("refuses an unverified company (COMPANY_NOT_VERIFIED) and spends nothing", async () => {
    const co = await company({ verified: false });
    const tr = await trainee();
    for (const call of [
      () => co.c.trpc.company.candidates.interest.mutate({ candidateId: tr.id, interested: true }),
      () => co.c.trpc.company.candidates.shortlist.query({}),
      () => co.c.trpc.company.quota.query(),
    ]) {
      const e = await trpcError(call());
      expect([e.data?.code, e.data?.appCode]).toEqual(["FORBIDDEN", "COMPANY_NOT_VERIFIED"]);
    }
    expect(await usage(co.id)).toEqual([]);
    expect(await t.prisma.candidateView.count({ where: { companyUserId: co.id } })).toBe(0);
  });

  it("answers NOT_FOUND for a trainee companies may not find (not opted in, suspended, email not verified, not a trainee), charging nothing", async () => {
    const co = await company();
    const another = await company({ signIn: false });
    const hidden = [await trainee({ discoverable: false }), await trainee({ status: "SUSPENDED" }), await trainee({ verified: false }), another];
    for (const h of [...hidden.map((x) => x.id), "no-such-user"]) {
      const e = await trpcError(co.c.trpc.company.candidates.interest.mutate({ candidateId: h, interested: true }));
      expect([h, e.data?.code]).toEqual([h, "NOT_FOUND"]);
    }
    expect(await usage(co.id)).toEqual([]);
    // Opting out after being marked and before accepting removes them from the shortlist.
    const tr = await trainee();
    await co.c.trpc.company.candidates.interest.mutate({ candidateId: tr.id, interested: true });
    await t.prisma.profile.update({ where: { userId: tr.id }, data: { discoverable: false } });
    expect((await co.c.trpc.company.candidates.shortlist.query({})).items).toEqual([]);
  });

  it("lets a trainee answer only for their own interests", async () => {
    const co = await company();
    const mine = await trainee({ signIn: true });
    const someoneElse = await trainee({ signIn: true });
    await co.c.trpc.company.candidates.interest.mutate({ candidateId: mine.id, interested: true });
    const e = await trpcError(someoneElse.c.trpc.candidate.interests.respond.mutate({ companyUserId: co.id, accept: true }));
    expect(e.data?.code).toBe("NOT_FOUND");
    expect(await someoneElse.c.trpc.candidate.interests.list.query()).toEqual([]);
    expect(await t.prisma.candidateView.findFirst({ where: { companyUserId: co.id, candidateId: mine.id }, select: { interestResponse: true } })).toEqual({ interestResponse: "PENDING" });
    expect(await t.prisma.candidateView.count({ where: { candidateId: someoneElse.id } })).toBe(0);
    expect(await mailsTo(co.email, "interest-accepted")).toEqual([]);
    // A company cannot answer in a trainee's name (the access table), nor a trainee mark.
    expect((await trpcError(co.c.trpc.candidate.interests.respond.mutate({ companyUserId: co.id, accept: true }))).data?.code).toBe("FORBIDDEN");
    expect((await trpcError(mine.c.trpc.company.candidates.interest.mutate({ candidateId: someoneElse.id, interested: true }))).data?.code).toBe("FORBIDDEN");
  });

  it("shows the trainee which verified companies viewed their profile, and when", async () => {
    const tr = await trainee({ signIn: true });
    const seen = await company({ signIn: false });
    const unverified = await company({ verified: false, signIn: false });
    await t.prisma.candidateView.create({ data: { candidateId: tr.id, companyUserId: seen.id, viewedAt: new Date("2030-05-01T10:00:00Z") } });
    await t.prisma.candidateView.create({ data: { candidateId: tr.id, companyUserId: unverified.id, viewedAt: new Date("2030-05-02T10:00:00Z") } });
    expect(await tr.c.trpc.candidate.viewers.query()).toEqual([
      { companyUserId: seen.id, name: seen.name, logo: null, industry: "Software", website: "https://acme.example", viewedAt: new Date("2030-05-01T10:00:00Z") },
    ]);
    expect(await tr.c.trpc.candidate.interests.list.query()).toEqual([]);
  });
});
