// Instructors and companies edit their professional profile (what the verification reviews),
// only their own; after a rejection they correct it and ask again, and the admin queue shows
// them again. Over HTTP, on PGlite and a real PostgreSQL.
import { afterAll, beforeAll, expect, it } from "vitest";
import { hashPassword } from "../../server/auth/password.ts";
import { createUser } from "../../server/services/users/create-user.ts";
import { describeEachDatabase } from "../helpers/db.ts";
import { startTestApp, trpcError, type TestApp, type TestClient } from "../helpers/app.ts";

const PASSWORD = "correct horse battery staple";
let seq = 0;
const uniq = () => `${++seq}-${Math.random().toString(36).slice(2, 7)}`;
type Role = "TRAINEE" | "INSTRUCTOR" | "COMPANY" | "ADMIN";

describeEachDatabase("instructor and company profiles", (t) => {
  let app: TestApp;
  let hash: string;
  let admin: TestClient;
  beforeAll(async () => {
    app = await startTestApp(t.db);
    hash = await hashPassword(PASSWORD);
    admin = (await signedIn("ADMIN", 1)).c;
  });
  afterAll(() => app?.close());

  async function signedIn(role: Role, level?: number) {
    const email = `${role.toLowerCase()}-${uniq()}@example.com`;
    const u = await createUser(t.prisma, { email, passwordHash: hash, role, name: `${role} ${seq}`, ...(level ? { adminAccessLevel: level } : {}) });
    const c = app.client();
    await c.signIn(email, PASSWORD);
    return { id: u.id, email, c };
  }

  it("an instructor edits specializations, certifications and experience; bad values are refused at the field", async () => {
    const ins = await signedIn("INSTRUCTOR");
    expect(await ins.c.trpc.profile.professional.query()).toEqual({ kind: "instructor", instructor: { specializations: [], certifications: [], yearsOfExperience: null }, company: null });
    const saved = await ins.c.trpc.profile.updateInstructor.mutate({ specializations: ["Job interviews", " Business English ", "Job interviews"], certifications: ["CELTA"], yearsOfExperience: 7 });
    expect(saved).toEqual({ specializations: ["Job interviews", "Business English"], certifications: ["CELTA"], yearsOfExperience: 7 });
    expect((await ins.c.trpc.profile.professional.query()).instructor).toEqual(saved);
    const audit = await t.prisma.auditLog.findFirstOrThrow({ where: { userId: ins.id, action: "PROFILE_UPDATED" }, select: { details: true } });
    expect(audit.details).toEqual({ kind: "instructor", fields: ["specializations", "certifications", "yearsOfExperience"] });

    const e = await trpcError(ins.c.trpc.profile.updateInstructor.mutate({ yearsOfExperience: 200 }));
    expect(e.data?.code).toBe("BAD_REQUEST");
    expect(e.data?.fieldErrors).toHaveProperty("yearsOfExperience");
    // Clearing the years works.
    expect((await ins.c.trpc.profile.updateInstructor.mutate({ yearsOfExperience: null })).yearsOfExperience).toBeNull();
    // Company fields are not an instructor's.
    expect((await trpcError(ins.c.trpc.profile.updateCompany.mutate({ companyName: "Mine" }))).data?.code).toBe("FORBIDDEN");
  });

  it("a company edits its details; a trainee has neither profile", async () => {
    const co = await signedIn("COMPANY");
    const saved = await co.c.trpc.profile.updateCompany.mutate({ companyName: "Globex", industry: "Logistics", companySize: "51-200", website: "https://globex.example", country: "nl", description: "We move things.", address: "" });
    expect(saved).toEqual({ companyName: "Globex", companyLogo: null, industry: "Logistics", companySize: "51-200", website: "https://globex.example", country: "NL", description: "We move things.", address: null });
    const bad = await trpcError(co.c.trpc.profile.updateCompany.mutate({ companyName: "", website: "ftp://x", country: "Netherlands" }));
    expect(Object.keys(bad.data?.fieldErrors ?? {})).toEqual(expect.arrayContaining(["companyName", "website", "country"]));
    const trainee = await signedIn("TRAINEE");
    expect((await trpcError(trainee.c.trpc.profile.professional.query())).data?.code).toBe("FORBIDDEN");
  });

  it("touches only the caller's own profile: no other user's id is accepted", async () => {
    const a = await signedIn("INSTRUCTOR");
    const b = await signedIn("INSTRUCTOR");
    await b.c.trpc.profile.updateInstructor.mutate({ specializations: ["B's own"] });
    // A user id in the input is refused, not used.
    const res = await a.c.fetch("/api/trpc/profile.updateInstructor", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { userId: b.id, specializations: ["Hijacked"] } }),
    });
    expect(res.status).toBe(400);
    await a.c.trpc.profile.updateInstructor.mutate({ specializations: ["A's own"] });
    expect((await t.prisma.instructorProfile.findUniqueOrThrow({ where: { userId: b.id } })).specializations).toEqual(["B's own"]);
    // A rejected B stays rejected when A asks for a review of A's (pending) profile.
    await admin.trpc.admin.verification.decide.mutate({ userId: b.id, approve: false, reason: "Add your certifications" });
    expect((await trpcError(a.c.trpc.profile.requestVerification.mutate())).data?.appCode).toBe("VERIFICATION_PENDING");
    expect((await b.c.trpc.profile.get.query()).verification).toMatchObject({ status: "rejected", reason: "Add your certifications" });
  });

  it("after a rejection, corrects the profile and asks again: back in the admin queue, audited", async () => {
    const ins = await signedIn("INSTRUCTOR");
    await admin.trpc.admin.verification.decide.mutate({ userId: ins.id, approve: false, reason: "Add your certifications" });
    expect((await admin.trpc.admin.verification.list.query()).items.map((i) => i.user.id)).not.toContain(ins.id);
    // Editing is allowed while rejected and keeps the rejection until they ask again.
    await ins.c.trpc.profile.updateInstructor.mutate({ certifications: ["CELTA", "DELTA"] });
    expect((await ins.c.trpc.profile.get.query()).verification).toMatchObject({ status: "rejected", reason: "Add your certifications" });
    expect(await ins.c.trpc.profile.requestVerification.mutate()).toMatchObject({ kind: "instructor", status: "pending" });
    const queue = (await admin.trpc.admin.verification.list.query()).items;
    const mine = queue.find((i) => i.user.id === ins.id);
    expect(mine).toMatchObject({ kind: "instructor", certifications: ["CELTA", "DELTA"] });
    expect(await t.prisma.auditLog.count({ where: { userId: ins.id, action: "VERIFICATION_REQUESTED" } })).toBe(1);
  });
});
